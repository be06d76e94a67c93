using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>A person erased: the erasure's id, and whether they had been erased before (then nothing changed).</summary>
public sealed record PersonErased(Guid PersonId, Guid ErasureId, bool AlreadyErased);

/// <summary>
/// Erases a person, on request where the law allows it or when the council's retention period has passed: their data
/// key is destroyed (the ledger's sealed text about them can no longer be read, here or in any later copy; backups made before still hold the key) and sds.erase_people
/// overwrites their name, date of birth, contact details and every free text about them in the tables that can change,
/// the audit trail's and stored answers' copies included. Ids, amounts, dates and categories stay, so balances, the trial
/// balance and reports still add up, and the ledger's audit still passes. Someone with a budget still running (or one
/// not yet agreed) is not erased. A council finance officer (the council's records officer) does it.
/// </summary>
public static class ErasePerson
{
    public const int MaxReason = 500;

    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PersonId, string Reason) : ISdsCommand<PersonErased>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.PersonId).NotEmpty().WithMessage("Name the person to erase.");
            RuleFor(c => c.Reason).Text("reason for erasing this person", MaxReason);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        private const string PersonSql = "SELECT id FROM sds.people WHERE id = @PersonId AND council_id = @CouncilId";

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.Actor.CouncilId;
            if (await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(PersonSql,
                    new { c.PersonId, c.Actor.CouncilId }, session.Transaction, cancellationToken: ct)) is null)
                return Scope.NotFound("That person's record");
            audit.PersonId = c.PersonId;
            return c.Actor.Role == Role.CouncilFinance
                ? null
                : Scope.RoleCannot(c.Actor, "erase a person's record (the council's finance officer, who keeps its records, does)");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, CouncilClock clock, PersonKeys personKeys) : ICommandHandler<Command, Result<PersonErased>>
    {
        private const string RunningSql = """
            SELECT count(*) FILTER (WHERE status = 'draft')::int AS Drafts,
                   min(period_end) FILTER (WHERE status = 'active' AND period_end >= @Today) AS RunsUntil
              FROM sds.budgets WHERE person_id = @PersonId
            """;

        private const string EraseSql = """
            SELECT asked_person AS PersonId, result AS Outcome FROM sds.erase_people(@People, @ById, @By, @Reason, @Kind, @SealedWords)
            """;

        // What identifies them that is kept sealed: the database cannot search for it, so it is opened here and handed over.
        private const string SealedWordsSql = """
            SELECT name FROM sds.family_members WHERE person_id = ANY(@People)
            UNION ALL SELECT payee FROM sds.family_agreements WHERE person_id = ANY(@People)
            """;

        private const string ErasureSql = "SELECT id FROM sds.erasures WHERE person_id = @PersonId";

        public async ValueTask<Result<PersonErased>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var running = await conn.QuerySingleAsync<(int Drafts, DateOnly? RunsUntil)>(new CommandDefinition(RunningSql,
                new { c.PersonId, Today = clock.Today.ToDateOnly() }, session.Transaction, cancellationToken: ct));
            if (running.RunsUntil is { } until)
                return new Refusal(RefusalCodes.InvalidState,
                    $"This person has a budget running until {until:d MMMM yyyy}: end it first ('sdsledger budget end'); the council keeps its records while it runs.");
            if (running.Drafts > 0)
                return new Refusal(RefusalCodes.InvalidState, "This person has a budget not yet agreed: end or remove it first, then erase them.");

            var outcome = (await EraseAsync(session, personKeys, c.Actor, audit.ActorName ?? c.Actor.Name, [c.PersonId], c.Reason, "request", ct))[c.PersonId];
            var erasure = await conn.QuerySingleAsync<Guid>(new CommandDefinition(ErasureSql, new { c.PersonId }, session.Transaction, cancellationToken: ct));
            // Their key is destroyed now, so the record says only what happened; the reason is kept with the erasure.
            audit.Detail = outcome == "already" ? "erasure asked again: already erased" : "erased on request (the reason is kept with the erasure)";
            audit.DetailInOwnWords = true;
            return new PersonErased(c.PersonId, erasure, outcome == "already");
        }

        /// <summary>
        /// Erases these people at once through sds.erase_people (one person on request, a retention run's thousands): for
        /// each, 'erased', 'already' or 'not_found'.
        /// </summary>
        internal static async Task<IReadOnlyDictionary<Guid, string>> EraseAsync(DbSession session, PersonKeys personKeys, Actor actor, string actorName,
                                                                              IReadOnlyCollection<Guid> people, string reason, string kind,
                                                                              CancellationToken ct)
        {
            var ids = people.ToArray();
            var sealedTexts = (await session.Connection.QueryAsync<string>(new CommandDefinition(SealedWordsSql, new { People = ids },
                session.Transaction, cancellationToken: ct))).Where(PersonKeys.IsSealed).ToList();
            await personKeys.LoadKeysForAsync(sealedTexts, ct);
            var words = new List<string>(sealedTexts.Count);
            foreach (var text in sealedTexts)
                if (await personKeys.RevealAsync(text, ct) is var opened && opened != PersonKeys.Erased && opened != text) words.Add(opened);
            var outcomes = await session.Connection.QueryAsync<(Guid PersonId, string Outcome)>(new CommandDefinition(EraseSql, new
            {
                People = ids, ById = actor.Id, By = actorName, Reason = reason, Kind = kind, SealedWords = words.ToArray(),
            }, session.Transaction, cancellationToken: ct));
            // Their keys are destroyed now: nothing more may be sealed with the ones opened above.
            personKeys.Forget();
            return outcomes.ToDictionary(o => o.PersonId, o => o.Outcome);
        }
    }
}
