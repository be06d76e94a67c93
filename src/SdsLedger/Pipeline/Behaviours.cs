using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using SdsLedger.Domain.Spending;
using SdsLedger.Ledger;

namespace SdsLedger.Pipeline;

/// <summary>1. Logs each message with its outcome and duration.</summary>
public sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next(message, ct);
        var outcome = response is IResult r ? r.Succeeded ? "done" : r.Refusal is not null ? $"refused ({r.Refusal.Code})" : "invalid" : "done";
        logger.LogInformation("{Message} {Outcome} in {Elapsed} ms", typeof(TMessage).FullName, outcome,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }
}

/// <summary>2. Checks the shape of the input (FluentValidation). Invalid input writes nothing.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, ct);
            errors.AddRange(result.Errors.Select(e => new FieldError(e.PropertyName, e.ErrorMessage)));
        }
        return errors.Count == 0 ? await next(message, ct) : Failures<TResponse>.Invalid(errors);
    }
}

/// <summary>3. Checks the actor's role and relation to what the message touches. A refusal is audited.</summary>
public sealed class AuthorisationBehaviour<TMessage, TResponse>(IEnumerable<IAuthorisation<TMessage>> authorisations, DbSession session, AuditContext audit)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        var checks = authorisations.ToList();
        if (checks.Count == 0)
            throw new InvalidOperationException($"{typeof(TMessage).FullName} has no authorisation; every message must say who may send it.");
        await session.OpenAsync(ct);
        foreach (var check in checks)
        {
            var refusal = await check.CheckAsync(message, session, audit, ct);
            if (refusal is null) continue;
            await AuditTrail.RecordAsync(session.Connection, null, message, audit, "refused", refusal.Code, refusal.Reason, ct);
            await session.CompleteChecksAsync(ct);
            return Failures<TResponse>.Refused(refusal);
        }
        return await next(message, ct);
    }
}

/// <summary>4. A command whose key was answered before gets that answer again, and nothing is written; the same key with another request is a conflict.</summary>
public sealed class IdempotencyBehaviour<TMessage, TResponse>(DbSession session)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    private const string FindSql = "SELECT request_hash, response::text FROM sds.command_results WHERE idempotency_key = @Key";

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        if (IdempotencyKeyOf(message) is not { } key) return await next(message, ct);
        var conn = await session.OpenAsync(ct);
        var stored = await FindAsync(conn, null, key, ct);
        if (stored is null)
        {
            try
            {
                return await next(message, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "command_results_pkey")
            {
                // The same key was being answered at the same moment; that answer stands.
                stored = await FindAsync(await session.OpenAsync(ct), null, key, ct);
                if (stored is null) throw;
            }
        }
        return stored.Value.Hash.AsSpan().SequenceEqual(RequestHash(message))
            ? JsonSerializer.Deserialize<TResponse>(stored.Value.Response, SdsJson.Options)!
            : Failures<TResponse>.Refused(new Refusal(RefusalCodes.IdempotencyConflict,
                $"The idempotency key '{key}' was already used for a different request. Use a new key for a new request."));
    }

    internal static string? IdempotencyKeyOf(TMessage message) =>
        message.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISdsCommand<>))
            ? (string?)message.GetType().GetProperty(nameof(ISdsCommand<object>.IdempotencyKey))!.GetValue(message)
            : null;

    internal static byte[] RequestHash(TMessage message) =>
        SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), SdsJson.Canonical));

    internal static async Task<(byte[] Hash, string Response)?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string key, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<(byte[] Hash, string Response)?>(
            new CommandDefinition(FindSql, new { Key = key }, tx, cancellationToken: ct));
        return row;
    }
}

/// <summary>
/// 5. Runs the rest in one READ COMMITTED transaction: commits a success with its stored answer; rolls back a
/// refusal and then records it (audit and answer) on its own, so a refusal writes no ledger entry. Transient
/// failures are retried and never reported as refusals.
/// </summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(DbSession session, AuditContext audit)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    private const string StoreSql = """
        INSERT INTO sds.command_results (idempotency_key, command, request_hash, response)
        VALUES (@Key, @Command, @Hash, @Response::jsonb)
        """;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        var key = IdempotencyBehaviour<TMessage, TResponse>.IdempotencyKeyOf(message);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await session.BeginAsync(ct);
                var response = await next(message, ct);
                if (response is IResult { Succeeded: false } failed)
                {
                    await session.RollbackAsync();
                    await session.BeginAsync(ct);
                    await AuditTrail.RecordAsync(session.Connection, session.Transaction, message, audit,
                        failed.Refusal is null ? "invalid" : "refused", failed.Refusal?.Code,
                        failed.Refusal?.Reason ?? string.Join("; ", failed.Errors.Select(e => $"{e.Field}: {e.Message}")), ct);
                }
                if (key is not null) await StoreAsync(message, key, response, ct);
                await session.CommitAsync(ct);
                return response;
            }
            catch (Exception e) when (attempt < Transient.MaxAttempts && Transient.IsTransient(e))
            {
                await session.RollbackAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * attempt), ct);
            }
            catch
            {
                await session.RollbackAsync();
                throw;
            }
        }
    }

    private async Task StoreAsync(TMessage message, string key, TResponse response, CancellationToken ct) =>
        await session.Connection.ExecuteAsync(new CommandDefinition(StoreSql, new
        {
            Key = key,
            Command = typeof(TMessage).FullName,
            Hash = IdempotencyBehaviour<TMessage, TResponse>.RequestHash(message),
            Response = JsonSerializer.Serialize(response, SdsJson.Options),
        }, session.Transaction, cancellationToken: ct));
}

/// <summary>6. Spends and commitments pass every spending rule before anything is written.</summary>
public sealed class SpendingRulesBehaviour<TMessage, TResponse>(DbSession session, Features.Spending.SpendAttemptLoader loader)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        if (message is not ISpendingCommand spending) return await next(message, ct);
        var attempt = await loader.LoadAsync(session, spending, ct);
        if (attempt is null)
            return Failures<TResponse>.Refused(new Refusal(RefusalCodes.NotFound, "That budget part does not exist."));
        var refusal = SpendingRules.Evaluate(attempt);
        return refusal is null ? await next(message, ct) : Failures<TResponse>.Refused(refusal);
    }
}

/// <summary>7. Records who did what, when, to whose budget, in the same transaction as the change itself.</summary>
public sealed class AuditBehaviour<TMessage, TResponse>(DbSession session, AuditContext audit)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        var response = await next(message, ct);
        var isRead = message is IQuery<TResponse>;
        if (response is IResult { Succeeded: true } && (!isRead || audit.PersonId is not null))
            await AuditTrail.RecordAsync(session.Connection, session.Transaction, message, audit, "done", null, audit.Detail, ct);
        return response;
    }
}

/// <summary>Writes audit records: append-only, one per message, refusals included.</summary>
public static class AuditTrail
{
    private const string InsertSql = """
        INSERT INTO sds.audit_log (actor, role, action, council_id, person_id, budget_id, outcome, code, detail, client_address)
        VALUES (@Actor, @Role, @Action, @CouncilId, @PersonId, @BudgetId, @Outcome, @Code, @Detail, @ClientAddress)
        """;

    public static async Task RecordAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, object message, AuditContext audit,
                                         string outcome, string? code, string detail, CancellationToken ct)
    {
        var actor = (message as IActorMessage)?.Actor;
        await conn.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            Actor = actor?.Name ?? "unknown",
            Role = actor?.RoleText ?? "unknown",
            Action = ActionName(message.GetType()),
            audit.CouncilId,
            audit.PersonId,
            audit.BudgetId,
            Outcome = outcome,
            Code = code,
            Detail = detail,
            audit.ClientAddress,
        }, tx, cancellationToken: ct));
    }

    /// <summary>"RecordSpend" for SdsLedger.Features.Spending.RecordSpend+Command.</summary>
    public static string ActionName(Type messageType) =>
        messageType.DeclaringType?.Name ?? messageType.Name;
}
