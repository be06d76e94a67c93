using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Spending;

/// <summary>A receipt or invoice as it was attached: its name, its media type (from its content) and its bytes.</summary>
public sealed record EvidenceContent(string FileName, string MediaType, byte[] Content);

/// <summary>Opens a receipt or invoice, for whoever may see its spend; each opening is recorded as a read of the person's record.</summary>
public static class OpenEvidence
{
    public sealed record Query(Actor Actor, Guid EvidenceId) : ISdsQuery<EvidenceContent>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        private const string PartOf = "SELECT part_id FROM sds.spend_evidence WHERE id = @EvidenceId";

        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var part = await session.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(PartOf, new { q.EvidenceId }, cancellationToken: ct));
            var scope = part is { } p ? await Scope.ForPartAsync(session, p, audit, ct) : null;
            return scope is not null && Scope.CanSee(q.Actor, scope) ? null : Scope.NotFound("That receipt or invoice");
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<EvidenceContent>>
    {
        private const string Sql = """
            SELECT file_name AS FileName, media_type AS MediaType, content AS Content, person_id AS PersonId, council_id AS CouncilId
              FROM sds.spend_evidence WHERE id = @EvidenceId
            """;

        public async ValueTask<Result<EvidenceContent>> Handle(Query q, CancellationToken ct)
        {
            var row = await session.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { q.EvidenceId }, session.Transaction, cancellationToken: ct));
            if (row is null) return Scope.NotFound("That receipt or invoice");
            await PeopleSeen.RecordAsync(session, q, [(row.PersonId, row.CouncilId)], "opened a receipt or invoice", ct);
            return new EvidenceContent(row.FileName, row.MediaType, row.Content);
        }

        private sealed class Row
        {
            public string FileName { get; init; } = "";
            public string MediaType { get; init; } = "";
            public byte[] Content { get; init; } = [];
            public Guid PersonId { get; init; }
            public Guid CouncilId { get; init; }
        }
    }
}
