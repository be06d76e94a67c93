using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using Npgsql;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Budgets;

/// <summary>One part of a budget: its option, who holds it, and how much.</summary>
public sealed record PartSpec(SdsOption Option, HolderKind Holder, Money Amount, Guid? HolderOrganisationId = null, string? HolderName = null,
                              int? InstalmentWeeks = null);

public sealed record CreatedBudget(Guid BudgetId, IReadOnlyList<Guid> PartIds);

/// <summary>Sets up a draft budget for a person: a period and one or more parts (parts of different options make it option 4).</summary>
public static class CreateBudget
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PersonId, LocalDate Start, LocalDate End,
                                 IReadOnlyList<PartSpec> Parts) : ISdsCommand<CreatedBudget>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.End).GreaterThan(c => c.Start).WithMessage("The period must end after it starts.");
            RuleFor(c => c.End).Must((c, end) => end <= c.Start.PlusYears(3))
                .WithMessage("A budget period is at most three years; set up a new budget for the next period.");
            RuleFor(c => c.Parts).NotEmpty().WithMessage("A budget needs at least one part: its option, holder and amount.");
            RuleForEach(c => c.Parts).SetValidator(new PartSpecValidator());
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        private const string PersonCouncil = "SELECT council_id FROM sds.people WHERE id = @PersonId";

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var council = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(PersonCouncil, new { c.PersonId }, cancellationToken: ct));
            if (council is null || council != c.Actor.CouncilId) return Scope.NotFound("That person");
            audit.CouncilId = council;
            audit.PersonId = c.PersonId;
            return c.Actor.Role == Role.SocialWorker ? null : Scope.RoleCannot(c.Actor, "set up budgets (a social worker does, with the person)");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<CreatedBudget>>
    {
        private const string Rules = "SELECT instalment_weeks FROM sds.council_rules WHERE council_id = @CouncilId";

        public async ValueTask<Result<CreatedBudget>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            if (await BudgetWriter.UnknownOrganisationAsync(conn, c.Actor.CouncilId!.Value, c.Parts.Select(p => p.HolderOrganisationId).ToList(), ct) is { } unknown)
                return Result<CreatedBudget>.Invalid($"Parts[{unknown}].HolderOrganisationId", BudgetWriter.NoSuchOrganisation);
            var weeks = await conn.ExecuteScalarAsync<int>(new CommandDefinition(Rules, new { c.Actor.CouncilId }, cancellationToken: ct));
            var created = await BudgetWriter.InsertAsync(conn, c.Actor, c.Actor.CouncilId!.Value, c.PersonId, c.Start, c.End, c.Parts, isTest: false, weeks, ct);
            audit.BudgetId = created.BudgetId;
            return created;
        }
    }
}

/// <summary>Writes a budget, its parts and their ledger accounts, and its review dates. Shared by budgets and test budgets.</summary>
public static class BudgetWriter
{
    private const string InsertBudget = """
        INSERT INTO sds.budgets (id, council_id, person_id, is_test, period_start, period_end, agreed_total, created_by_id)
        VALUES (@Id, @CouncilId, @PersonId, @IsTest, @Start, @End, @Total, @CreatedBy)
        """;

    private const string InsertPart = """
        INSERT INTO sds.budget_parts (id, budget_id, position, option, holder_kind, holder_organisation_id, holder_name, amount,
                                      instalment_weeks, allocation_account, held_account, returned_account)
        SELECT @Id, @BudgetId, @Position, @Option, @HolderKind, @HolderOrganisationId,
               coalesce(@HolderName, (SELECT o.name FROM sds.organisations o WHERE o.id = @HolderOrganisationId), @DefaultName),
               @Amount, @Weeks, @Allocation, @Held, @Returned
        """;

    private const string InsertReview = "INSERT INTO sds.reviews (budget_id, due_on, reason) VALUES (@BudgetId, @Due, @Reason)";

    public static async Task<CreatedBudget> InsertAsync(NpgsqlConnection conn, Actor actor, Guid councilId, Guid personId, LocalDate start, LocalDate end,
                                                        IReadOnlyList<PartSpec> parts, bool isTest, int defaultWeeks, CancellationToken ct)
    {
        var budgetId = Guid.CreateVersion7();
        var total = parts.Aggregate(Money.Zero, (s, p) => s + p.Amount);
        await conn.ExecuteAsync(new CommandDefinition(InsertBudget, new
        {
            Id = budgetId, CouncilId = councilId, PersonId = personId, IsTest = isTest,
            Start = start.ToDateOnly(), End = end.ToDateOnly(), Total = total.Pence, CreatedBy = actor.Id,
        }, cancellationToken: ct));

        var partIds = new List<Guid>();
        for (var i = 0; i < parts.Count; i++)
            partIds.Add(await InsertPartAsync(conn, councilId, personId, budgetId, i + 1, parts[i], parts[i].InstalmentWeeks ?? (isTest ? 0 : defaultWeeks), ct));

        foreach (var due in new BudgetPeriod(start, end).ReviewDates())
            await conn.ExecuteAsync(new CommandDefinition(InsertReview, new { BudgetId = budgetId, Due = due.ToDateOnly(), Reason = due == start.PlusWeeks(12) ? "first" : "yearly" }, cancellationToken: ct));
        return new CreatedBudget(budgetId, partIds);
    }

    public const string NoSuchOrganisation = "No organisation is registered with that id by this council. A finance officer registers it first ('sdsledger org add').";

    private const string KnownOrganisations = "SELECT id FROM sds.organisations WHERE id = ANY (@Ids) AND council_id = @CouncilId";

    /// <summary>The position in <paramref name="organisations"/> of the first id that is not an organisation this council registered, or null if all are.</summary>
    public static async Task<int?> UnknownOrganisationAsync(NpgsqlConnection conn, Guid councilId, IReadOnlyList<Guid?> organisations, CancellationToken ct)
    {
        var named = organisations.OfType<Guid>().Distinct().ToArray();
        if (named.Length == 0) return null;
        var known = (await conn.QueryAsync<Guid>(new CommandDefinition(KnownOrganisations, new { Ids = named, CouncilId = councilId }, cancellationToken: ct))).ToHashSet();
        var first = organisations.Select((id, i) => (id, i)).FirstOrDefault(x => x.id is { } id && !known.Contains(id));
        return first.id is null ? null : first.i;
    }

    /// <summary>A part at the given position of a person's budget, with its three ledger accounts (allocation, held, returned).</summary>
    public static async Task<Guid> InsertPartAsync(NpgsqlConnection conn, Guid councilId, Guid personId, Guid budgetId, int position, PartSpec p, int weeks,
                                                   CancellationToken ct)
    {
        var partId = Guid.CreateVersion7();
        AccountSpec Account(string kind, string name) => new(OwnerKind.BudgetPart, partId, kind, name, CouncilId: councilId, PersonId: personId);
        var allocation = await LedgerWriter.OpenAccountAsync(conn, Account("allocation", "Allocation"), ct);
        var held = await LedgerWriter.OpenAccountAsync(conn, Account("held", "Held for spending"), ct);
        var returned = await LedgerWriter.OpenAccountAsync(conn, Account("returned", "Returned to the council"), ct);
        await conn.ExecuteAsync(new CommandDefinition(InsertPart, new
        {
            Id = partId, BudgetId = budgetId, Position = position, Option = (short)p.Option, HolderKind = Holders.Text(p.Holder),
            p.HolderOrganisationId, p.HolderName, DefaultName = DefaultHolderName(p.Holder), Amount = p.Amount.Pence, Weeks = weeks,
            Allocation = allocation.Value, Held = held.Value, Returned = returned.Value,
        }, cancellationToken: ct));
        return partId;
    }

    /// <summary>The holder's name when the part names none and no organisation holds it.</summary>
    public static string DefaultHolderName(HolderKind holder) => holder == HolderKind.Council ? "The council" : "The person";
}

/// <summary>The shape of one part, the same whether the budget is being set up or a draft part is added or changed.</summary>
public sealed class PartSpecValidator : AbstractValidator<PartSpec>
{
    public PartSpecValidator()
    {
        RuleFor(p => p.Option).Must(o => o is SdsOption.DirectPayment or SdsOption.DirectedSupport or SdsOption.CouncilArranged)
            .WithMessage("Each part is option 1, 2 or 3; a budget with parts of different options is option 4.");
        RuleFor(p => p.Holder).Must((p, h) => SdsOptions.HolderFits(p.Option, h))
            .WithMessage(p => HolderHelp(p.Option));
        RuleFor(p => p.HolderOrganisationId).NotNull().When(p => p.Holder == HolderKind.Organisation)
            .WithMessage("Name the organisation that holds this part.");
        RuleFor(p => p.HolderOrganisationId).Null().When(p => p.Holder != HolderKind.Organisation)
            .WithMessage("Only a part held by an organisation names one; leave the organisation out.");
        RuleFor(p => p.HolderName).NotEmpty().When(p => p.Holder == HolderKind.ThirdParty)
            .WithMessage("Name the nominated third party who holds this direct payment.");
        RuleFor(p => p.HolderName).MaximumLength(200).WithMessage("The holder's name is too long: at most 200 characters.");
        RuleFor(p => p.Amount).PositiveAmount();
        RuleFor(p => p.InstalmentWeeks).InclusiveBetween(0, 52).When(p => p.InstalmentWeeks is not null)
            .WithMessage("Instalments are every 0 (all at once) to 52 weeks.");
    }

    private static string HolderHelp(SdsOption option) => option switch
    {
        SdsOption.DirectPayment => "A direct payment (option 1) is held by the person or a nominated third party.",
        SdsOption.DirectedSupport => "Directed support (option 2) is held by the council or an organisation the person chooses.",
        _ => "Council-arranged support (option 3) is held by the council.",
    };
}
