using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Councils;

/// <summary>
/// A finance officer changes their council's rules; the spending rules read them on the next spend. Only the rules
/// given change. Instalment weeks apply to budgets set up afterwards: each part keeps the schedule it was agreed with.
/// </summary>
public static class ChangeCouncilRules
{
    public const int MaxDuplicateDays = 31;

    public sealed record Command(
        Actor Actor, string IdempotencyKey, Guid CouncilId,
        Money? ApprovalThreshold = null, IReadOnlyList<string>? ExcludedPurposes = null, Money? TestBudgetCap = null, int? TestBudgetWeeks = null,
        int? SurplusWeeks = null, int? InstalmentWeeks = null, int? DuplicateDays = null, int? PaymentRunDaysAhead = null,
        int? ApprovalWindowDays = null) : ISdsCommand<CouncilRules>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c).Must(c => c.ApprovalThreshold is not null || c.ExcludedPurposes is not null || c.TestBudgetCap is not null
                                      || c.TestBudgetWeeks is not null || c.SurplusWeeks is not null || c.InstalmentWeeks is not null
                                      || c.DuplicateDays is not null || c.PaymentRunDaysAhead is not null || c.ApprovalWindowDays is not null)
                .OverridePropertyName("Rules").WithMessage("Give at least one rule to change.");
            RuleFor(c => c.ApprovalThreshold).Must(m => m is null || (m.Value.Pence >= 0 && m.Value <= Money.FromPounds(100_000)))
                .WithMessage("The approval threshold is from £0.00 (every spend is approved) to £100,000.00.");
            RuleFor(c => c.ExcludedPurposes).Must(p => p is null || p.Count <= 50)
                .WithMessage("List at most 50 excluded purposes.");
            RuleFor(c => c.ExcludedPurposes).Must(p => p is null || p.Distinct(StringComparer.OrdinalIgnoreCase).Count() == p.Count)
                .WithMessage("Each excluded purpose appears once.");
            RuleForEach(c => c.ExcludedPurposes).Matches("^[a-z][a-z-]{1,40}$")
                .WithMessage("An excluded purpose is a lower-case word or hyphenated words, like 'gambling' or 'nhs-provided': it is matched "
                             + "against the category and the words of a spend's description and payee.");
            RuleFor(c => c.TestBudgetCap).Must(m => m is null || (m.Value >= Money.FromPounds(1) && m.Value <= Money.FromPounds(10_000)))
                .WithMessage("The test budget cap is from £1.00 to £10,000.00.");
            RuleFor(c => c.TestBudgetWeeks).InclusiveBetween(1, 104).When(c => c.TestBudgetWeeks is not null)
                .WithMessage("A test budget's time limit is from 1 to 104 weeks.");
            RuleFor(c => c.SurplusWeeks).InclusiveBetween(1, 52).When(c => c.SurplusWeeks is not null)
                .WithMessage("Surplus is flagged above 1 to 52 weeks of funding (8 is common).");
            RuleFor(c => c.InstalmentWeeks).InclusiveBetween(1, 13).When(c => c.InstalmentWeeks is not null)
                .WithMessage("Instalments are paid every 1 to 13 weeks (4 is common).");
            RuleFor(c => c.DuplicateDays).InclusiveBetween(0, MaxDuplicateDays).When(c => c.DuplicateDays is not null)
                .WithMessage($"Possible duplicates are looked for within 0 (off) to {MaxDuplicateDays} days.");
            RuleFor(c => c.PaymentRunDaysAhead).InclusiveBetween(0, 31).When(c => c.PaymentRunDaysAhead is not null)
                .WithMessage("A payment run may be dated from 0 (today at the latest) to 31 days ahead of today (7 is usual).");
            RuleFor(c => c.ApprovalWindowDays).InclusiveBetween(0, 31).When(c => c.ApprovalWindowDays is not null)
                .WithMessage("The approval threshold counts what one payee gets within 0 (each spend alone) to 31 days (7 is usual).");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.CouncilId;
            if (c.Actor.CouncilId != c.CouncilId) return ValueTask.FromResult<Refusal?>(Scope.NotFound("That council"));
            return ValueTask.FromResult(c.Actor.Role == Role.CouncilFinance ? null : Scope.RoleCannot(c.Actor, "change the council's rules (a finance officer does)"));
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<CouncilRules>>
    {
        private const string Update = """
            UPDATE sds.council_rules
               SET approval_threshold = coalesce(@ApprovalThreshold, approval_threshold),
                   excluded_purposes = coalesce(@ExcludedPurposes::text[], excluded_purposes),
                   test_budget_cap = coalesce(@TestBudgetCap, test_budget_cap),
                   test_budget_weeks = coalesce(@TestBudgetWeeks, test_budget_weeks),
                   surplus_weeks = coalesce(@SurplusWeeks, surplus_weeks),
                   instalment_weeks = coalesce(@InstalmentWeeks, instalment_weeks),
                   duplicate_days = coalesce(@DuplicateDays, duplicate_days),
                   payment_run_days_ahead = coalesce(@PaymentRunDaysAhead, payment_run_days_ahead),
                   approval_window_days = coalesce(@ApprovalWindowDays, approval_window_days),
                   updated_at = now(), updated_by_id = @Actor
             WHERE council_id = @CouncilId
            RETURNING approval_threshold AS ApprovalThreshold, excluded_purposes AS ExcludedPurposes, test_budget_cap AS TestBudgetCap,
                      test_budget_weeks AS TestBudgetWeeks, surplus_weeks AS SurplusWeeks, instalment_weeks AS InstalmentWeeks,
                      duplicate_days AS DuplicateDays, payment_run_days_ahead AS PaymentRunDaysAhead,
                      approval_window_days AS ApprovalWindowDays
            """;

        public async ValueTask<Result<CouncilRules>> Handle(Command c, CancellationToken ct)
        {
            var row = await session.Connection.QuerySingleOrDefaultAsync<RulesRow>(new CommandDefinition(Update, new
            {
                c.CouncilId, ApprovalThreshold = c.ApprovalThreshold?.Pence, ExcludedPurposes = c.ExcludedPurposes?.ToArray(),
                TestBudgetCap = c.TestBudgetCap?.Pence, c.TestBudgetWeeks, c.SurplusWeeks, c.InstalmentWeeks, c.DuplicateDays, c.PaymentRunDaysAhead, c.ApprovalWindowDays,
                Actor = c.Actor.Id,
            }, cancellationToken: ct));
            if (row is null) return Scope.NotFound("That council");
            audit.Detail = "rules changed: " + string.Join(", ", Changes(c));
            return new CouncilRules(Money.FromPence(row.ApprovalThreshold), row.ExcludedPurposes, Money.FromPence(row.TestBudgetCap),
                row.TestBudgetWeeks, row.SurplusWeeks, row.InstalmentWeeks, row.DuplicateDays, row.PaymentRunDaysAhead, row.ApprovalWindowDays);
        }

        private static IEnumerable<string> Changes(Command c)
        {
            if (c.ApprovalThreshold is { } t) yield return $"approval threshold {t}";
            if (c.ExcludedPurposes is { } p) yield return $"excluded purposes [{string.Join(", ", p)}]";
            if (c.TestBudgetCap is { } cap) yield return $"test budget cap {cap}";
            if (c.TestBudgetWeeks is { } tw) yield return $"test budget weeks {tw}";
            if (c.SurplusWeeks is { } sw) yield return $"surplus weeks {sw}";
            if (c.InstalmentWeeks is { } iw) yield return $"instalment weeks {iw}";
            if (c.DuplicateDays is { } dd) yield return $"duplicate days {dd}";
            if (c.PaymentRunDaysAhead is { } ahead) yield return $"payment runs up to {ahead} days ahead";
            if (c.ApprovalWindowDays is { } window) yield return $"approval threshold per payee over {window} days";
        }

        private sealed record RulesRow
        {
            public long ApprovalThreshold { get; init; }
            public string[] ExcludedPurposes { get; init; } = [];
            public long TestBudgetCap { get; init; }
            public int TestBudgetWeeks { get; init; }
            public int SurplusWeeks { get; init; }
            public int InstalmentWeeks { get; init; }
            public int DuplicateDays { get; init; }
            public int PaymentRunDaysAhead { get; init; }
            public int ApprovalWindowDays { get; init; }
        }
    }
}
