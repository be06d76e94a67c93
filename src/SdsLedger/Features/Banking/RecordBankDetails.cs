using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Banking.Accounts;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Banking;

/// <summary>Who a set of bank details belongs to: the council (the account payments leave from), a person, the nominated third party of a part, or a provider.</summary>
public enum BankHolder
{
    Council,
    Person,
    ThirdParty,
    Organisation,
}

/// <summary>Bank details as every output but the bank file shows them: the sort code and the last two digits.</summary>
public sealed record BankDetailsView(Guid Id, BankHolder Holder, string HolderName, string AccountName, string Account, string? Iban, string? ServiceUserNumber);

/// <summary>
/// Records the bank details instalments are paid to (a person's, a part's nominated third party's, a provider's) or that
/// the council pays from. The sort code and account number must pass the Vocalink modulus check, and an IBAN its
/// check digits. A change is a new record; the one before stays as the record of where earlier payments went.
/// </summary>
public static class RecordBankDetails
{
    public sealed record Command(
        Actor Actor, string IdempotencyKey, BankHolder Holder, Guid? PersonId, Guid? PartId, Guid? OrganisationId, string AccountName,
        string SortCode, string AccountNumber, string? Iban = null, string? ServiceUserNumber = null) : ISdsCommand<BankDetailsView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.AccountName).Text("name on the account", 140)
                .Must(n => n is null || !n.Any(ch => char.IsControl(ch) || char.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.Format))
                .WithMessage("The name on the account has a control or invisible character; type it as it is printed on the bank card or statement.");
            RuleFor(c => c).Custom((c, context) =>
            {
                if (!UkBankAccount.TryParse(c.SortCode, c.AccountNumber, ModulusCheck.Shipped, out _, out var problem))
                    context.AddFailure(problem!.Field == "sort-code" ? nameof(Command.SortCode) : nameof(Command.AccountNumber), problem.Message);
                if (c.Iban is { Length: > 0 } && !SdsLedger.Banking.Accounts.Iban.TryParse(c.Iban, ModulusCheck.Shipped, out _, out var ibanProblem))
                    context.AddFailure(nameof(Command.Iban), ibanProblem!.Message);
            });
            RuleFor(c => c.PersonId).NotNull().When(c => c.Holder is BankHolder.Person or BankHolder.ThirdParty)
                .WithMessage("Say whose bank details these are: the person's reference.");
            RuleFor(c => c.PartId).NotNull().When(c => c.Holder == BankHolder.ThirdParty)
                .WithMessage("Say which part of the budget the third party holds: its number.");
            RuleFor(c => c.OrganisationId).NotNull().When(c => c.Holder == BankHolder.Organisation)
                .WithMessage("Say which provider: its organisation code.");
            RuleFor(c => c.ServiceUserNumber).NotEmpty().Matches("^[A-Za-z0-9]{6}$").When(c => c.Holder == BankHolder.Council)
                .WithMessage("Give the council's Bacs service user number: six letters or digits, from its sponsoring bank.");
            RuleFor(c => c.ServiceUserNumber).Empty().When(c => c.Holder != BankHolder.Council)
                .WithMessage("Only the council's own account has a Bacs service user number.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.Actor.CouncilId;
            audit.PersonId = c.PersonId;
            if (c.Actor.CouncilId is not { } council || !Roles.IsCouncilStaff(c.Actor.Role))
                return Scope.RoleCannot(c.Actor, "record bank details (the council's finance officers and social workers do)");
            if (c.Holder == BankHolder.Council && c.Actor.Role != Role.CouncilFinance)
                return Scope.RoleCannot(c.Actor, "change the account the council pays from (a finance officer does)");
            var conn = session.Connection;
            if (c.PersonId is { } person && !await StatementAccount.PersonOfCouncilAsync(conn, council, person, ct)) return Scope.NotFound("That person");
            if (c.OrganisationId is { } organisation && !await StatementAccount.OrganisationOfCouncilAsync(conn, council, organisation, ct))
                return Scope.NotFound("That provider");
            return null;
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<BankDetailsView>>
    {
        private const string ThirdPartySql = """
            SELECT holder_name FROM sds.budget_parts WHERE id = @PartId AND person_id = @PersonId AND holder_kind = 'third-party'
            """;

        private const string NameSql = """
            SELECT CASE @Holder WHEN 'council' THEN (SELECT name FROM sds.councils WHERE id = @CouncilId)
                                WHEN 'organisation' THEN (SELECT name FROM sds.organisations WHERE id = @OrganisationId)
                                ELSE (SELECT name FROM sds.people WHERE id = @PersonId) END
            """;

        private const string InsertSql = """
            INSERT INTO sds.bank_details (id, council_id, holder_kind, person_id, part_id, organisation_id, account_name, sort_code, account_number, iban,
                                          service_user_number, recorded_by_id)
            VALUES (@Id, @CouncilId, @Holder, @PersonId, @PartId, @OrganisationId, @AccountName, @SortCode, @AccountNumber, @Iban, @ServiceUserNumber, @RecordedBy)
            """;

        public async ValueTask<Result<BankDetailsView>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var holder = HolderText(c.Holder);
            string? holderName;
            if (c.Holder == BankHolder.ThirdParty)
            {
                holderName = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(ThirdPartySql, new { c.PartId, c.PersonId }, cancellationToken: ct));
                if (holderName is null)
                    return Result<BankDetailsView>.Invalid(nameof(Command.PartId), "That part of the person's budget is not held by a nominated third party; record the person's own details instead.");
            }
            else
            {
                holderName = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(NameSql,
                    new { Holder = holder, c.Actor.CouncilId, c.OrganisationId, c.PersonId }, cancellationToken: ct));
            }
            UkBankAccount.TryParse(c.SortCode, c.AccountNumber, ModulusCheck.Shipped, out var account, out _);
            Iban? iban = null;
            if (c.Iban is { Length: > 0 }) SdsLedger.Banking.Accounts.Iban.TryParse(c.Iban, ModulusCheck.Shipped, out iban, out _);
            var id = Guid.CreateVersion7();
            await conn.ExecuteAsync(new CommandDefinition(InsertSql, new
            {
                Id = id, c.Actor.CouncilId, Holder = holder, c.PersonId, PartId = c.Holder == BankHolder.ThirdParty ? c.PartId : null, c.OrganisationId,
                AccountName = c.AccountName.Trim(), account!.SortCode, account.AccountNumber, Iban = iban?.Value,
                ServiceUserNumber = c.ServiceUserNumber?.ToUpperInvariant(), RecordedBy = c.Actor.Id,
            }, cancellationToken: ct));
            audit.Detail = $"bank details of {holder} {holderName}: {account.Masked}";
            return new BankDetailsView(id, c.Holder, holderName ?? "", c.AccountName.Trim(), account.Masked, iban?.Masked, c.ServiceUserNumber?.ToUpperInvariant());
        }
    }

    public static string HolderText(BankHolder holder) => holder switch
    {
        BankHolder.Council => "council",
        BankHolder.Person => "person",
        BankHolder.ThirdParty => "third-party",
        _ => "organisation",
    };
}
