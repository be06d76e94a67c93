using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;
using LedgerWriter = SdsLedger.Ledger.Ledger;

namespace SdsLedger.Features.Budgets;

public sealed record ChangedPart(Guid PartId, int Position, Money AgreedTotal);

/// <summary>
/// Adds a part to a draft budget, or changes a draft part's option, holder, amount or instalments. The budget's
/// agreed total stays the sum of its parts. Once a budget is active the council has allocated its money, so its
/// parts no longer change.
/// </summary>
public static class ChangePart
{
    /// <param name="PartId">The part to change, or null to add <paramref name="Part"/> as a new part.</param>
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid BudgetId, Guid? PartId, PartSpec Part) : ISdsCommand<ChangedPart>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Part).NotNull().WithMessage("Describe the part: its option, holder and amount.");
            RuleFor(c => c.Part).ChildRules(part =>
            {
                part.RuleFor(p => p.Option).Must(o => o is SdsOption.DirectPayment or SdsOption.DirectedSupport or SdsOption.CouncilArranged)
                    .WithMessage("Each part is option 1, 2 or 3; a budget with parts of different options is option 4.");
                part.RuleFor(p => p.Holder).Must((p, h) => SdsOptions.HolderFits(p.Option, h))
                    .WithMessage(p => p.Option switch
                    {
                        SdsOption.DirectPayment => "A direct payment (option 1) is held by the person or a nominated third party.",
                        SdsOption.DirectedSupport => "Directed support (option 2) is held by the council or an organisation the person chooses.",
                        _ => "Council-arranged support (option 3) is held by the council.",
                    });
                part.RuleFor(p => p.HolderOrganisationId).NotNull().When(p => p.Holder == HolderKind.Organisation)
                    .WithMessage("Name the organisation that holds this part.");
                part.RuleFor(p => p.HolderOrganisationId).Null().When(p => p.Holder != HolderKind.Organisation)
                    .WithMessage("Only a part held by an organisation names one; leave the organisation out.");
                part.RuleFor(p => p.HolderName).NotEmpty().When(p => p.Holder == HolderKind.ThirdParty)
                    .WithMessage("Name the nominated third party who holds this direct payment.");
                part.RuleFor(p => p.HolderName).MaximumLength(200).WithMessage("The holder's name is too long: at most 200 characters.");
                part.RuleFor(p => p.Amount).PositiveAmount();
                part.RuleFor(p => p.InstalmentWeeks).InclusiveBetween(0, 52).When(p => p.InstalmentWeeks is not null)
                    .WithMessage("Instalments are every 0 (all at once) to 52 weeks.");
            }).When(c => c.Part is not null);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            Scope.CouncilStaff(c.Actor, await Scope.ForBudgetAsync(session, c.BudgetId, audit, ct), "That budget",
                "change budget parts (a social worker does, with the person)", Role.SocialWorker);
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<ChangedPart>>
    {
        private const string LoadBudget = """
            SELECT b.status AS Status, b.is_test AS IsTest, r.test_budget_cap AS TestBudgetCap, r.instalment_weeks AS InstalmentWeeks
              FROM sds.budgets b JOIN sds.council_rules r ON r.council_id = b.council_id
             WHERE b.id = @BudgetId FOR UPDATE OF b
            """;

        private const string OrganisationExists = "SELECT 1 FROM sds.organisations WHERE id = @Id";

        private const string LoadPart = "SELECT position FROM sds.budget_parts WHERE id = @PartId AND budget_id = @BudgetId";

        private const string UpdatePart = """
            UPDATE sds.budget_parts
               SET option = @Option, holder_kind = @HolderKind, holder_organisation_id = @HolderOrganisationId,
                   holder_name = coalesce(@HolderName, (SELECT o.name FROM sds.organisations o WHERE o.id = @HolderOrganisationId), @DefaultName),
                   amount = @Amount, instalment_weeks = coalesce(@Weeks, instalment_weeks)
             WHERE id = @PartId
            """;

        private const string NextPosition = "SELECT coalesce(max(position), 0) + 1 FROM sds.budget_parts WHERE budget_id = @BudgetId";

        private const string InsertPart = """
            INSERT INTO sds.budget_parts (id, budget_id, position, option, holder_kind, holder_organisation_id, holder_name, amount,
                                          instalment_weeks, allocation_account, held_account, returned_account)
            SELECT @Id, @BudgetId, @Position, @Option, @HolderKind, @HolderOrganisationId,
                   coalesce(@HolderName, (SELECT o.name FROM sds.organisations o WHERE o.id = @HolderOrganisationId), @DefaultName),
                   @Amount, @Weeks, @Allocation, @Held, @Returned
            """;

        private const string Total = """
            UPDATE sds.budgets SET agreed_total = (SELECT sum(amount) FROM sds.budget_parts WHERE budget_id = @BudgetId)
             WHERE id = @BudgetId
            RETURNING agreed_total
            """;

        public async ValueTask<Result<ChangedPart>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var budget = await conn.QuerySingleAsync<BudgetRow>(new CommandDefinition(LoadBudget, new { c.BudgetId }, cancellationToken: ct));
            if (budget.Status != "draft")
                return Result<ChangedPart>.Refused(RefusalCodes.InvalidState,
                    $"This budget is {budget.Status}, so its parts can no longer change: only a draft budget's parts can. " +
                    "To change the support, end this budget and set up a new one from the date of the change.");
            var p = c.Part;
            if (p.HolderOrganisationId is { } org
                && await conn.ExecuteScalarAsync<int?>(new CommandDefinition(OrganisationExists, new { Id = org }, cancellationToken: ct)) is null)
                return Result<ChangedPart>.Invalid("Part.HolderOrganisationId", "No organisation is registered with that id. Register the organisation first.");

            var values = new
            {
                c.BudgetId, Option = (short)p.Option, HolderKind = Holders.Text(p.Holder), p.HolderOrganisationId, p.HolderName,
                DefaultName = p.Holder == HolderKind.Council ? "The council" : "The person", Amount = p.Amount.Pence,
            };
            Guid partId;
            int position;
            if (c.PartId is { } existing)
            {
                var found = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(LoadPart, new { PartId = existing, c.BudgetId }, cancellationToken: ct));
                if (found is null) return Scope.NotFound("That part of this budget");
                await conn.ExecuteAsync(new CommandDefinition(UpdatePart, new
                {
                    values.Option, values.HolderKind, values.HolderOrganisationId, values.HolderName, values.DefaultName, values.Amount,
                    Weeks = p.InstalmentWeeks, PartId = existing,
                }, cancellationToken: ct));
                (partId, position) = (existing, found.Value);
            }
            else
            {
                partId = Guid.CreateVersion7();
                position = await conn.ExecuteScalarAsync<int>(new CommandDefinition(NextPosition, new { c.BudgetId }, cancellationToken: ct));
                var allocation = await LedgerWriter.OpenAccountAsync(conn, new AccountSpec(OwnerKind.BudgetPart, partId, "allocation", "Allocation"), ct);
                var held = await LedgerWriter.OpenAccountAsync(conn, new AccountSpec(OwnerKind.BudgetPart, partId, "held", "Held for spending"), ct);
                var returned = await LedgerWriter.OpenAccountAsync(conn, new AccountSpec(OwnerKind.BudgetPart, partId, "returned", "Returned to the council"), ct);
                await conn.ExecuteAsync(new CommandDefinition(InsertPart, new
                {
                    Id = partId, values.BudgetId, Position = position, values.Option, values.HolderKind, values.HolderOrganisationId, values.HolderName,
                    values.DefaultName, values.Amount, Weeks = p.InstalmentWeeks ?? (budget.IsTest ? 0 : budget.InstalmentWeeks),
                    Allocation = allocation.Value, Held = held.Value, Returned = returned.Value,
                }, cancellationToken: ct));
            }

            var total = Money.FromPence(await conn.ExecuteScalarAsync<long>(new CommandDefinition(Total, new { c.BudgetId }, cancellationToken: ct)));
            var cap = Money.FromPence(budget.TestBudgetCap);
            if (budget.IsTest && total > cap)
                return Result<ChangedPart>.Refused(RefusalCodes.TestBudgetCap,
                    $"Test budgets here are at most {cap}; with this change this one would be {total}.");
            audit.Detail = $"{(c.PartId is null ? "added" : "changed")} part {position}: {SdsOptions.Describe(p.Option)}, {p.Amount}; agreed total {total}";
            return new ChangedPart(partId, position, total);
        }

        private sealed record BudgetRow
        {
            public string Status { get; init; } = "";
            public bool IsTest { get; init; }
            public long TestBudgetCap { get; init; }
            public int InstalmentWeeks { get; init; }
        }
    }
}
