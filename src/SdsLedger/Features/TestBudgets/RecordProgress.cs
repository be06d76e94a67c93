using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.TestBudgets;

/// <summary>
/// A dated note of progress on the person's outcomes: who noted it, what changed, and what the person said in their own
/// words; optionally which outcome, and whether the person feels it is done. The person may note their own progress.
/// </summary>
public static class RecordProgress
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid BudgetId, LocalDate NotedOn, string WhatChanged,
                                 string? InOwnWords = null, bool Completed = false, Guid? OutcomeId = null) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.WhatChanged).Text("note of what changed", 1000);
            RuleFor(c => c.InOwnWords).MaximumLength(1000).WithMessage("The person's own words are too long: at most 1000 characters.");
            RuleFor(c => c.OutcomeId).NotEqual(Guid.Empty).When(c => c.OutcomeId is not null)
                .WithMessage("Give the outcome's id, or leave it out for a note about the budget as a whole.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            await OutcomeWork.CheckAsync(session, c.BudgetId, c.Actor, audit, personMay: true,
                "record progress notes (the person, their recovery worker or their social worker does)", ct);
    }

    internal sealed class Handler(DbSession session, AuditContext audit, IClock clock, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Outcome = "SELECT EXISTS (SELECT 1 FROM sds.plan_outcomes WHERE id = @OutcomeId AND budget_id = @BudgetId)";

        private const string Insert = """
            INSERT INTO sds.progress_notes (id, budget_id, outcome_id, noted_on, recorded_by_id, what_changed, in_own_words, completed)
            VALUES (@Id, @BudgetId, @OutcomeId, @NotedOn, @RecordedBy, @WhatChanged, @InOwnWords, @Completed)
            """;

        private static readonly DateTimeZone Scotland = DateTimeZoneProviders.Tzdb["Europe/London"];

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var today = clock.GetCurrentInstant().InZone(Scotland).Date;
            if (c.NotedOn > today)
                return Result<Guid>.Invalid(nameof(c.NotedOn), $"Progress is noted once it has happened; {c.NotedOn:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}).");
            if (c.OutcomeId is { } outcomeId
                && !await conn.ExecuteScalarAsync<bool>(new CommandDefinition(Outcome, new { OutcomeId = outcomeId, c.BudgetId }, cancellationToken: ct)))
                return Result<Guid>.Invalid(nameof(c.OutcomeId), "That outcome is not one of this budget's; choose one of the outcomes the person chose.");

            var id = Guid.CreateVersion7();
            // What changed and their own words are kept sealed with the person's key (see PersonKeys).
            var person = audit.PersonId!.Value;
            await conn.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = id, c.BudgetId, c.OutcomeId, NotedOn = c.NotedOn.ToDateOnly(), RecordedBy = c.Actor.Id,
                WhatChanged = await personKeys.SealAsync(person, $"{c.IdempotencyKey}:what_changed", c.WhatChanged, ct),
                InOwnWords = string.IsNullOrWhiteSpace(c.InOwnWords) ? null : await personKeys.SealAsync(person, $"{c.IdempotencyKey}:in_own_words", c.InOwnWords, ct),
                c.Completed,
            }, cancellationToken: ct));
            audit.Detail = $"progress noted for {c.NotedOn:yyyy-MM-dd}{(c.Completed ? ", outcome completed" : "")}";
            return id;
        }
    }
}
