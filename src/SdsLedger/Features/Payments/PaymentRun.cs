using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Payments;

public sealed record PaymentRunResult(LocalDate RunDate, int InstalmentsPaid, int AlreadyPaid, Money TotalPaid, int Parts);

/// <summary>
/// Pays every instalment due on or before the run date for the council's active budgets (options 1 and 2), from each
/// part's allocation to its holder. A run may be dated at most the council's set number of days after today; one that
/// would pay a part more than one instalment at once (catching up) is paid only when confirmed, after its preview
/// (<see cref="PaymentRunPreview"/>) was checked. Each instalment's key is its part and due date, so a re-run pays nobody twice.
/// </summary>
public static class PaymentRun
{
    public const int BatchSize = 2_000;

    public sealed record Command(Actor Actor, string IdempotencyKey, Guid CouncilId, LocalDate RunDate, bool Confirmed = false) : ISdsCommand<PaymentRunResult>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            ValueTask.FromResult(RunAccess.Check(c.Actor, c.CouncilId, audit));
    }

    internal sealed class Handler(DbSession session, AuditContext audit, CouncilClock clock) : ICommandHandler<Command, Result<PaymentRunResult>>
    {
        public async ValueTask<Result<PaymentRunResult>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            if (await RunAccess.TooFarAheadAsync(conn, c.CouncilId, c.RunDate, clock.Today, ct) is { } problem)
                return Result<PaymentRunResult>.Invalid(nameof(c.RunDate), problem);

            var due = await DueInstalments.LoadAsync(conn, c.CouncilId, c.RunDate, ct);
            if (due.PartsCatchingUp > 0 && !c.Confirmed)
                return Result<PaymentRunResult>.Refused(RefusalCodes.NeedsConfirmation,
                    $"This run would pay {due.Unpaid.Count} instalments, {due.Total}, and {due.PartsCatchingUp} budget part(s) more than one at once " +
                    $"(the earliest due {Handles.Day(due.Unpaid.Min(i => i.Due))}). Check who would get what in the preview, then confirm the run.");

            var paid = 0;
            foreach (var batch in due.Unpaid.Select(i => i.Payment).Chunk(BatchSize))
            {
                var result = await LedgerBatch.PostAsync(conn, batch, ct);
                if (!result.Succeeded)
                    return Result<PaymentRunResult>.Refused(result.Status == BatchStatus.InsufficientFunds ? RefusalCodes.InsufficientFunds : RefusalCodes.InvalidState,
                        $"The payment run stopped and paid nobody: {result.Problem}.");
                paid += result.Posted;
            }
            var already = due.AlreadyPaid + due.Unpaid.Count - paid;
            audit.Detail = $"{paid} instalment(s) paid, {already} already paid, run date {c.RunDate:yyyy-MM-dd}";
            return new PaymentRunResult(c.RunDate, paid, already, due.Total, due.Parts);
        }
    }
}

/// <summary>Who may run or preview a council's payments, and how far ahead a run may be dated.</summary>
internal static class RunAccess
{
    public static Refusal? Check(Actor actor, Guid councilId, AuditContext audit)
    {
        audit.CouncilId = councilId;
        if (actor.CouncilId != councilId) return Scope.NotFound("That council");
        return actor.Role == Role.CouncilFinance ? null : Scope.RoleCannot(actor, "run payments (a finance officer does)");
    }

    public static async Task<string?> TooFarAheadAsync(Npgsql.NpgsqlConnection conn, Guid councilId, LocalDate runDate, LocalDate today, CancellationToken ct)
    {
        var days = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT payment_run_days_ahead FROM sds.council_rules WHERE council_id = @CouncilId", new { CouncilId = councilId }, cancellationToken: ct));
        var latest = today.PlusDays(days);
        return runDate <= latest
            ? null
            : $"A payment run may be dated at most {days} day(s) after today, so no later than {Handles.Day(latest)}; {Handles.Day(runDate)} is too far ahead. " +
              "Instalments are paid when they fall due: run it again nearer the time.";
    }
}
