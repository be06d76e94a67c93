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

// The pipeline, in the order SdsLedgerServices registers it. Each behaviour that applies to some messages only says so
// with a constraint on its message type, so Mediator's generated code leaves it out for every other message.

/// <summary>1. Logs each message with its outcome and duration.</summary>
public sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage where TResponse : IAnswer
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next(message, ct);
        var outcome = response.Succeeded ? "done" : response.Refusal is not null ? $"refused ({response.Refusal.Code})" : "invalid";
        logger.LogInformation("{Message} {Outcome} in {Elapsed} ms", typeof(TMessage).FullName, outcome,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }
}

/// <summary>2. Checks the shape of the input (FluentValidation). Invalid input opens no transaction and writes nothing.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators, Features.Shared.CouncilClock clock)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage where TResponse : IAnswer<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        // Every text, date and list of the message, however deep: a NUL, an escape, a date in the year 9999 or a null
        // entry never reaches the database. The message's own validator still speaks first about a field it checks (its
        // words are the more specific), unless such input upsets it (date arithmetic past 9999, a null entry).
        var walked = Features.Shared.InputWalk.Check(message, clock.Today);
        var errors = new List<FieldError>();
        try
        {
            foreach (var validator in validators)
            {
                var result = await validator.ValidateAsync(message, ct);
                errors.AddRange(result.Errors.Select(e => new FieldError(e.PropertyName, e.ErrorMessage)));
            }
        }
        catch (Exception e) when (walked.Count > 0 && e is ArgumentException or OverflowException or NullReferenceException or InvalidOperationException)
        {
            errors.Clear();
        }
        errors.AddRange(walked.Where(w => !errors.Any(e => e.Field == w.Field)));
        return errors.Count == 0 ? await next(message, ct) : TResponse.Invalid(errors);
    }
}

/// <summary>
/// 3. The one place a message's transaction begins and ends: READ COMMITTED, acting for the tenant when there is one.
/// A success commits. A refusal undoes whatever the work wrote and commits only its records (its audit record, and its
/// stored answer), so a refusal never writes money. Transient failures are retried whole and never reported as refusals.
/// </summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(DbSession session, AuditContext audit, Features.Shared.PersonKeys personKeys)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage, IActorMessage where TResponse : IAnswer
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await session.BeginAsync(message is IStandbyRead, ct);
                var response = await next(message, ct);
                if (!response.Succeeded)
                {
                    await session.UndoWorkAsync(ct);
                    await AuditTrail.RecordAsync(session, personKeys, message, audit, response.Refusal is null ? "invalid" : "refused", response.Refusal?.Code,
                        response.Refusal?.Reason ?? string.Join("; ", response.Errors.Select(e => $"{e.Field}: {e.Message}")), ct);
                }
                await session.CommitAsync(ct);
                return response;
            }
            catch (Exception e) when (attempt < Transient.MaxAttempts && (Transient.IsTransient(e) || LostARace(e)))
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

    /// <summary>
    /// Another request made the same thing at the same moment (a council's code, a worker's): the command checked that it
    /// did not exist, then the database's unique index refused it once the other committed. Run again, the command sees
    /// the other's row and answers as its rules say ("already set up"), rather than failing.
    /// </summary>
    private static bool LostARace(Exception e) => e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };
}

/// <summary>
/// 4. A command whose key was answered before gets that answer again (a refusal too), and nothing is written; the same
/// key with another request is a conflict. Requests with the same key wait for each other (a lock on the key for the
/// transaction), so concurrent duplicates all get the first one's answer.
/// </summary>
public sealed class IdempotencyBehaviour<TMessage, TResponse>(DbSession session, AuditContext audit, Features.Shared.PersonKeys personKeys)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage, IIdempotentMessage where TResponse : IAnswer<TResponse>
{
    private const string LockSql = "SELECT pg_advisory_xact_lock(74213, hashtext(@Key))";
    private const string FindSql = "SELECT request_hash, response::text FROM sds.command_results WHERE idempotency_key = @Key";
    private const string StoreSql = """
        INSERT INTO sds.command_results (idempotency_key, command, request_hash, response, person_id)
        VALUES (@Key, @Command, @Hash, @Response::jsonb, @PersonId)
        """;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        var key = message.IdempotencyKey;
        var hash = RequestHash(message);
        await session.Connection.ExecuteAsync(new CommandDefinition(LockSql, new { Key = key }, session.Transaction, cancellationToken: ct));
        var stored = await session.Connection.QuerySingleOrDefaultAsync<(byte[] Hash, string Response)?>(
            new CommandDefinition(FindSql, new { Key = key }, session.Transaction, cancellationToken: ct));
        if (stored is { } earlier)
        {
            return earlier.Hash.AsSpan().SequenceEqual(hash)
                ? await StoredAnswerAsync(earlier.Response, ct)
                : TResponse.Refused(new Refusal(RefusalCodes.IdempotencyConflict,
                    $"The idempotency key '{key}' was already used for a different request. Use a new key for a new request."));
        }

        await session.MarkWorkAsync(ct);
        TResponse response;
        try
        {
            response = await next(message, ct);
        }
        catch (Features.Shared.PersonErasedException)
        {
            // Text about someone erased is never written: the command is refused, and what it wrote before is undone.
            response = TResponse.Refused(new Refusal(RefusalCodes.InvalidState, Features.Shared.PersonErasedException.Refusal));
            audit.DetailInOwnWords = true;
        }
        if (!response.Succeeded) await session.UndoWorkAsync(ct);
        // An answer about a person can repeat what was written about them (a payee, a reason): it is kept sealed with
        // their key, as a JSON string, and marked as theirs, so that erasing them removes it.
        var answer = JsonSerializer.Serialize(response, SdsJson.Options);
        var sealedAnswer = audit.PersonId is { } person ? await personKeys.TrySealAsync(person, answer, ct) : null;
        var isSealed = Features.Shared.PersonKeys.IsSealed(sealedAnswer);
        await session.Connection.ExecuteAsync(new CommandDefinition(StoreSql, new
        {
            Key = key,
            Command = typeof(TMessage).FullName,
            Hash = hash,
            Response = isSealed ? JsonSerializer.Serialize(sealedAnswer) : answer,
            PersonId = isSealed ? audit.PersonId : null,
        }, session.Transaction, cancellationToken: ct));
        return response;
    }

    /// <summary>
    /// The answer stored for this key, opened when it is sealed. One that no longer opens (its person was erased after
    /// it was stored, in a copy that kept it) is answered with the erasure's refusal: nothing is run again for them.
    /// </summary>
    private async Task<TResponse> StoredAnswerAsync(string stored, CancellationToken ct)
    {
        if (!stored.StartsWith('"')) return JsonSerializer.Deserialize<TResponse>(stored, SdsJson.Options)!;
        var opened = await personKeys.RevealAsync(JsonSerializer.Deserialize<string>(stored)!, ct);
        return opened.StartsWith('{')
            ? JsonSerializer.Deserialize<TResponse>(opened, SdsJson.Options)!
            : TResponse.Refused(new Refusal(RefusalCodes.InvalidState, Features.Shared.PersonErasedException.Refusal));
    }

    internal static byte[] RequestHash(TMessage message) =>
        SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(message, typeof(TMessage), SdsJson.Canonical));
}

/// <summary>
/// 5. Checks that the actor is registered and active, then the actor's role and relation to what the message touches. A
/// refusal is audited by the transaction behaviour.
/// </summary>
public sealed class AuthorisationBehaviour<TMessage, TResponse>(IEnumerable<IAuthorisation<TMessage>> authorisations, DbSession session, AuditContext audit)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage, IActorMessage where TResponse : IAnswer<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        if (message is not IFirstActorMessage && await RegisteredActor.CheckAsync(session, message.Actor, audit, ct) is { } unknown)
            return TResponse.Refused(unknown);
        var any = false;
        foreach (var check in authorisations)
        {
            any = true;
            if (await check.CheckAsync(message, session, audit, ct) is { } refusal) return TResponse.Refused(refusal);
        }
        if (!any) throw new InvalidOperationException($"{typeof(TMessage).FullName} has no authorisation; every message must say who may send it.");
        return await next(message, ct);
    }
}

/// <summary>6. Spends and commitments pass every spending rule before anything is written.</summary>
public sealed class SpendingRulesBehaviour<TMessage, TResponse>(DbSession session, Features.Spending.SpendAttemptLoader loader)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage, ISpendingCommand where TResponse : IAnswer<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        var attempt = await loader.LoadAsync(session, message, ct);
        if (attempt is null) return TResponse.Refused(new Refusal(RefusalCodes.NotFound, "That budget part does not exist."));
        var refusal = SpendingRules.Evaluate(attempt);
        return refusal is null ? await next(message, ct) : TResponse.Refused(refusal);
    }
}

/// <summary>7. Records who did what, when, to whose budget, in the same transaction as the change itself.</summary>
public sealed class AuditBehaviour<TMessage, TResponse>(DbSession session, AuditContext audit, Features.Shared.PersonKeys personKeys)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage, IActorMessage where TResponse : IAnswer
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        var response = await next(message, ct);
        var isRead = message is not IIdempotentMessage;
        if (response.Succeeded && (!isRead || audit.PersonId is not null))
            await AuditTrail.RecordAsync(session, personKeys, message, audit, "done", null, audit.Detail, ct);
        return response;
    }
}

/// <summary>Whom one audit record of a message that reads many people's data is about, and how it went for them.</summary>
public sealed record AuditSubject(Guid? CouncilId, Guid? PersonId, Guid? BudgetId, string Outcome, string? Code, string Detail);

/// <summary>
/// Writes audit records: append-only, one per message, refusals included. A record about a person keeps its detail
/// sealed with their key (<see cref="Features.Shared.PersonKeys.SealDetailAsync"/>), as it can repeat what was typed
/// about them: a payee, a reason, what money was set aside for. Records of reads made on a standby, and the records of
/// many people's reads at once (<see cref="RecordEachAsync"/>, <see cref="Features.Shared.PeopleSeen"/>), say only what
/// was read, in words of the application's own, and stay as they are.
/// </summary>
public static class AuditTrail
{
    private const string InsertSql = """
        INSERT INTO sds.audit_log (actor_id, actor, role, action, council_id, person_id, budget_id, outcome, code, detail, client_address)
        VALUES (@ActorId, @Actor, @Role, @Action, @CouncilId, @PersonId, @BudgetId, @Outcome, @Code, @Detail, @ClientAddress)
        """;

    public static async Task RecordAsync(DbSession session, Features.Shared.PersonKeys personKeys, IActorMessage message, AuditContext audit,
                                         string outcome, string? code, string detail, CancellationToken ct)
    {
        if (audit.PersonId is { } person && detail.Length > 0 && !audit.DetailInOwnWords && !session.ReadsFromStandby)
            detail = await personKeys.SealDetailAsync(person, detail, ct);
        await session.RecordAsync(InsertSql, new
        {
            ActorId = message.Actor?.Id,
            Actor = audit.ActorName ?? message.Actor?.Name ?? "unknown",
            Role = message.Actor?.RoleText ?? "unknown",
            Action = ActionName(message.GetType()),
            CouncilId = audit.CouncilId ?? message.Actor?.CouncilId,
            audit.PersonId,
            audit.BudgetId,
            Outcome = outcome,
            Code = code,
            Detail = detail,
            audit.ClientAddress,
        }, ct);
    }

    private const string InsertEachSql = """
        INSERT INTO sds.audit_log (actor_id, actor, role, action, council_id, person_id, budget_id, outcome, code, detail, client_address)
        SELECT @ActorId, @Actor, @Role, @Action, s.council_id, s.person_id, s.budget_id, s.outcome, s.code, s.detail, @ClientAddress
          FROM unnest(@Councils, @People, @Budgets, @Outcomes, @Codes, @Details) AS s(council_id, person_id, budget_id, outcome, code, detail)
        """;

    /// <summary>
    /// One record per subject of a message that reads many people's data each on its own terms (a batch of statements): the
    /// same records, in one round trip, as a message per subject would write.
    /// </summary>
    public static async Task RecordEachAsync(DbSession session, IActorMessage message, AuditContext audit, IReadOnlyList<AuditSubject> subjects,
                                             CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(subjects);
        if (subjects.Count == 0) return;
        await session.RecordAsync(InsertEachSql, new
        {
            ActorId = message.Actor?.Id,
            Actor = audit.ActorName ?? message.Actor?.Name ?? "unknown",
            Role = message.Actor?.RoleText ?? "unknown",
            Action = ActionName(message.GetType()),
            Councils = subjects.Select(s => s.CouncilId).ToArray(),
            People = subjects.Select(s => s.PersonId).ToArray(),
            Budgets = subjects.Select(s => s.BudgetId).ToArray(),
            Outcomes = subjects.Select(s => s.Outcome).ToArray(),
            Codes = subjects.Select(s => s.Code).ToArray(),
            Details = subjects.Select(s => s.Detail).ToArray(),
            audit.ClientAddress,
        }, ct);
    }

    /// <summary>"RecordSpend" for SdsLedger.Features.Spending.RecordSpend+Command.</summary>
    public static string ActionName(Type messageType) =>
        messageType.DeclaringType?.Name ?? messageType.Name;
}
