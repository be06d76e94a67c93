using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Councils;

/// <summary>
/// A finance officer adds a word, phrase or merchant category code that means one of the council's excluded purposes (to
/// the ones SdsLedger ships), or takes away one the council added. The spending rules read them on the next spend.
/// </summary>
public static class ChangeExcludedTerms
{
    public enum Kind
    {
        Words,
        MerchantCode,
    }

    public sealed record Command(Actor Actor, string IdempotencyKey, Guid CouncilId, string Purpose, Kind TermKind, string Term, bool Remove = false)
        : ISdsCommand<ExcludedPurpose>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Purpose).NotEmpty().Matches("^[a-z][a-z-]{1,40}$")
                .WithMessage("Name the excluded purpose as the council lists it, like 'alcohol' or 'gambling'.");
            RuleFor(c => c.Term).Text("word, phrase or merchant category code", 60);
            RuleFor(c => c.Term).Must(t => t is null || SpendWords.Stems(t).Count is > 0 and <= 4).When(c => c.TermKind == Kind.Words)
                .WithMessage("Give one to four words, like 'prosecco' or 'off licence'.");
            RuleFor(c => c.Term).Matches("^[0-9]{4}$").When(c => c.TermKind == Kind.MerchantCode)
                .WithMessage("A merchant category code is four digits, like 5921 (package stores: beer, wine and liquor).");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.CouncilId;
            if (c.Actor.CouncilId != c.CouncilId) return ValueTask.FromResult<Refusal?>(Scope.NotFound("That council"));
            return ValueTask.FromResult(c.Actor.Role == Role.CouncilFinance ? null : Scope.RoleCannot(c.Actor, "change what an excluded purpose means (a finance officer does)"));
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<ExcludedPurpose>>
    {
        private const string Excluded = "SELECT excluded_purposes FROM sds.council_rules WHERE council_id = @CouncilId";

        private const string Add = """
            INSERT INTO sds.excluded_purpose_terms (council_id, purpose, kind, term, added_by_id) VALUES (@CouncilId, @Purpose, @Kind, @Term, @By)
            ON CONFLICT DO NOTHING
            """;

        private const string Take = "DELETE FROM sds.excluded_purpose_terms WHERE council_id = @CouncilId AND purpose = @Purpose AND kind = @Kind AND term = @Term";

        private const string Terms = "SELECT kind AS Kind, term AS Term FROM sds.excluded_purpose_terms WHERE council_id = @CouncilId AND purpose = @Purpose";

        public async ValueTask<Result<ExcludedPurpose>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var excluded = await conn.QuerySingleAsync<string[]>(new CommandDefinition(Excluded, new { c.CouncilId }, session.Transaction, cancellationToken: ct));
            if (!excluded.Contains(c.Purpose))
                return Result<ExcludedPurpose>.Invalid(nameof(c.Purpose),
                    $"'{c.Purpose}' is not one of the council's excluded purposes ({string.Join(", ", excluded)}). Add it to them first ('council rules set --excluded').");
            var kind = c.TermKind == Kind.Words ? "words" : "merchant-code";
            var term = c.TermKind == Kind.Words ? string.Join(' ', c.Term.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)) : c.Term.Trim();
            var args = new { c.CouncilId, c.Purpose, Kind = kind, Term = term, By = c.Actor.Id };
            var changed = await conn.ExecuteAsync(new CommandDefinition(c.Remove ? Take : Add, args, session.Transaction, cancellationToken: ct));
            if (c.Remove && changed == 0)
                return Result<ExcludedPurpose>.Invalid(nameof(c.Term),
                    $"The council did not add '{term}' to {c.Purpose}; the words SdsLedger ships for it stay, and only the council's own can be taken away.");
            var own = (await conn.QueryAsync<(string Kind, string Term)>(new CommandDefinition(Terms, new { c.CouncilId, c.Purpose }, session.Transaction, cancellationToken: ct))).ToList();
            audit.Detail = $"{(c.Remove ? "taken from" : "added to")} {c.Purpose}: {kind} '{term}'";
            return ExcludedPurposes.For(c.Purpose, own.Where(t => t.Kind == "words").Select(t => t.Term), own.Where(t => t.Kind == "merchant-code").Select(t => t.Term));
        }
    }
}
