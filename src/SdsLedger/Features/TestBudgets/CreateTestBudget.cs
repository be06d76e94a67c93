using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.TestBudgets;

public sealed record CreatedTestBudget(Guid BudgetId, Guid PartId, LocalDate Start, LocalDate End, Money Amount, IReadOnlyList<Guid> OutcomeIds);

/// <summary>
/// A small budget for a person in recovery to try choice and control: at most the council's cap, for the council's time
/// limit, held by the council or an organisation the person chooses (often their recovery service), for one to three
/// outcomes in the person's own words. It is active at once; the payment run pays the whole amount to the holder on the start date.
/// </summary>
public static class CreateTestBudget
{
    public const int MaxOutcomes = 3;

    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PersonId, LocalDate Start, Money Amount, HolderKind Holder,
                                 Guid? HolderOrganisationId, IReadOnlyList<Outcome> Outcomes, IReadOnlyList<PlanCategory> Categories)
        : ISdsCommand<CreatedTestBudget>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Amount).PositiveAmount();
            RuleFor(c => c.Holder).Must(h => h is HolderKind.Council or HolderKind.Organisation)
                .WithMessage("A test budget is held by the council or by an organisation the person chooses, such as their recovery service.");
            RuleFor(c => c.HolderOrganisationId).NotNull().When(c => c.Holder == HolderKind.Organisation)
                .WithMessage("Name the organisation that holds this test budget.");
            RuleFor(c => c.HolderOrganisationId).Null().When(c => c.Holder == HolderKind.Council)
                .WithMessage("A test budget the council holds names no organisation.");
            RuleFor(c => c.Outcomes).NotEmpty().WithMessage("Write at least one outcome the person chose, in their own words.")
                .Must(o => o is null || o.Count <= MaxOutcomes)
                .WithMessage($"A test budget is for one to {MaxOutcomes} outcomes; ask the person which matter most now.");
            RuleForEach(c => c.Outcomes).SetValidator(new OutcomeValidator("outcome, in the person's own words"));
            RuleFor(c => c.Categories).AgreedCategories("Agree at least one spending category for what the person plans to buy.");
            RuleForEach(c => c.Categories).SetValidator(new PlanCategoryValidator());
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        private const string PersonCouncil = "SELECT council_id FROM sds.people WHERE id = @PersonId";

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var council = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(PersonCouncil, new { c.PersonId }, cancellationToken: ct));
            // Everyone acts within one council: a recovery worker within the council that registered their organisation.
            var mayKnow = council is not null && c.Actor.CouncilId == council && (c.Actor.Role != Role.ServiceUser || c.Actor.PersonId == c.PersonId);
            if (!mayKnow) return Scope.NotFound("That person");
            // A recovery worker knows of the person only through a current consent naming them.
            if (c.Actor.Role == Role.RecoveryWorker && !await ConsentCover.CoversAsync(session, c.Actor, c.PersonId, null, ct))
                return Scope.NotFound("That person");
            audit.CouncilId = council;
            audit.PersonId = c.PersonId;
            if (c.Actor.Role == Role.SocialWorker) return null;
            if (OutcomeWork.WorksForHolder(c.Actor, council!.Value, c.Holder, c.HolderOrganisationId))
                return await ConsentCover.CoversAsync(session, c.Actor, c.PersonId, ConsentScope.TestBudget, ct)
                    ? null
                    : Scope.RoleCannot(c.Actor, "set up a test budget for this person: their consent does not let you act for them on a test budget");
            return c.Actor.Role == Role.RecoveryWorker
                ? Scope.RoleCannot(c.Actor, "set up a test budget held by someone else (a recovery worker sets up test budgets their own service holds)")
                : Scope.RoleCannot(c.Actor, "set up test budgets (a social worker, or a recovery worker of the service holding it, does)");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<CreatedTestBudget>>
    {
        private const string Rules = """
            SELECT p.council_id AS CouncilId, r.test_budget_cap AS Cap, r.test_budget_weeks AS Weeks
              FROM sds.people p JOIN sds.council_rules r ON r.council_id = p.council_id
             WHERE p.id = @PersonId
            """;

        private const string Organisation = "SELECT name FROM sds.organisations WHERE id = @Id AND council_id = @CouncilId";

        private const string Outcomes = "SELECT id FROM sds.plan_outcomes WHERE budget_id = @BudgetId ORDER BY position";

        public async ValueTask<Result<CreatedTestBudget>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var rules = await conn.QuerySingleAsync<(Guid CouncilId, long Cap, int Weeks)>(new CommandDefinition(Rules, new { c.PersonId }, cancellationToken: ct));
            var cap = Money.FromPence(rules.Cap);
            if (c.Amount > cap)
                return new Refusal(RefusalCodes.TestBudgetCap,
                    $"A test budget here is at most {cap} (the council's cap), so {c.Amount} is too much. Choose an amount up to {cap}, or set up an ordinary budget.");

            var holderName = "the council";
            if (c.HolderOrganisationId is { } orgId)
            {
                var name = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(Organisation, new { Id = orgId, rules.CouncilId }, cancellationToken: ct));
                if (name is null) return Result<CreatedTestBudget>.Invalid(nameof(c.HolderOrganisationId), BudgetWriter.NoSuchOrganisation);
                holderName = name;
            }

            // The time limit counts whole weeks from the start, both days included, as the test-budget time rule does.
            var end = c.Start.PlusWeeks(rules.Weeks).PlusDays(-1);
            var part = new PartSpec(SdsOption.DirectedSupport, c.Holder, c.Amount, c.HolderOrganisationId, InstalmentWeeks: 0);
            var created = await BudgetWriter.InsertAsync(conn, c.Actor, rules.CouncilId, c.PersonId, c.Start, end, [part], isTest: true, 0, ct);
            audit.BudgetId = created.BudgetId;

            // The plan and the allocation are written exactly as for any budget, inside this command's transaction.
            var plan = await new AgreeSupportPlan.Handler(session, personKeys).Handle(
                new AgreeSupportPlan.Command(c.Actor, c.IdempotencyKey, created.BudgetId, c.Start, c.Outcomes, c.Categories), ct);
            var activated = await new ActivateBudget.Handler(session).Handle(new ActivateBudget.Command(c.Actor, c.IdempotencyKey, created.BudgetId), ct);
            if (!plan.Succeeded || !activated.Succeeded)
                throw new InvalidOperationException($"A new test budget could not be planned or activated: {plan}; {activated}.");

            var outcomeIds = (await conn.QueryAsync<Guid>(new CommandDefinition(Outcomes, new { created.BudgetId }, cancellationToken: ct))).ToList();
            audit.Detail = $"test budget of {c.Amount} held by {holderName}, {c.Start:yyyy-MM-dd} to {end:yyyy-MM-dd}";
            return new CreatedTestBudget(created.BudgetId, created.PartIds[0], c.Start, end, c.Amount, outcomeIds);
        }
    }
}
