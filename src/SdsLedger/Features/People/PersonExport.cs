using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>The person's details as held now, with their social worker's name.</summary>
public sealed record ExportPerson(Guid Id, string Reference, string Name, LocalDate DateOfBirth, string Contact, string StatementFormat, string? SocialWorker);

/// <summary>One posting to one of the person's ledger accounts: the entry's date, kind and description, the account, the amount on it.</summary>
public sealed record ExportLedgerLine(Guid EntryId, LocalDate Date, string Kind, string Description, string Account, Money Amount);

/// <summary>
/// Everything SdsLedger holds about one person (a subject access export). <see cref="Tables"/> has, for every table that
/// holds rows about them, each row whole as the database holds it (keyed "schema.table", rows as JSON objects whose names
/// are the columns; text kept sealed with the person's key is given opened): every table with a person_id column, their
/// own row of sds.people, the ledger entries that touch their accounts and the payment-file lines of their budget parts.
/// <see cref="Ledger"/> is the ledger read for people.
/// </summary>
public sealed record PersonExportView(string Format, Instant ExportedAt, string ExportedBy, ExportPerson Person,
                                      IReadOnlyList<ExportLedgerLine> Ledger, IReadOnlyDictionary<string, IReadOnlyList<JsonElement>> Tables)
{
    public const string FormatName = "sdsledger-subject-access/1";
}

/// <summary>
/// A subject access export: everything held about the person, for the person (or council staff answering their request).
/// The export is audited as a read of the person's data; its own audit record is written as it finishes, so the next
/// export shows it.
/// </summary>
public static partial class PersonExport
{
    public sealed record Query(Actor Actor, Guid PersonId) : ISdsQuery<PersonExportView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        private const string PersonCouncil = "SELECT council_id FROM sds.people WHERE id = @PersonId";

        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var council = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(PersonCouncil, new { q.PersonId }, cancellationToken: ct));
            if (council is null || council != q.Actor.CouncilId) return Scope.NotFound("That person");
            if (q.Actor.Role == Role.ServiceUser && q.Actor.PersonId != q.PersonId) return Scope.NotFound("That person");
            (audit.CouncilId, audit.PersonId) = (council, q.PersonId);
            return q.Actor.Role is Role.SocialWorker or Role.CouncilFinance or Role.ServiceUser
                ? await LeastAccess.CheckAsync(session, q.Actor, q.PersonId, ct)
                : Scope.RoleCannot(q.Actor, "export everything held about a person (the council's social workers and finance officers do, or the person)");
        }
    }

    internal sealed partial class Handler(DbSession session, AuditContext audit, IClock clock, PersonKeys personKeys) : IQueryHandler<Query, Result<PersonExportView>>
    {
        private const string PersonSql = """
            SELECT p.id AS Id, p.reference AS Reference, p.name AS Name, p.date_of_birth AS DateOfBirth, p.contact AS Contact,
                   p.statement_format AS StatementFormat, w.name AS SocialWorker
              FROM sds.people p LEFT JOIN sds.workers w ON w.id = p.social_worker_id
             WHERE p.id = @PersonId
            """;

        // Every table holding a column person_id: the rows about the person, whatever tables are added later.
        private const string TablesSql = """
            SELECT c.table_schema || '.' || c.table_name
              FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.column_name = 'person_id' AND t.table_type = 'BASE TABLE' AND c.table_schema IN ('sds', 'ledger')
             ORDER BY 1
            """;

        // The person's accounts and budget parts, by their person_id indexes.
        private const string TheirAccounts = "account_id IN (SELECT id FROM ledger.accounts WHERE person_id = @PersonId)";
        private const string TheirParts = "part_id IN (SELECT id FROM sds.budget_parts WHERE person_id = @PersonId)";

        // Rows about the person in tables that name them through something else, and in the tables every spend writes
        // (which have no person_id index, so that spending pays nothing for one): reached through the person's accounts
        // and parts, whose keys those tables are indexed by; person_id still holds for every row.
        private static readonly IReadOnlyDictionary<string, string> Related = new Dictionary<string, string>
        {
            ["sds.people"] = "id = @PersonId",
            ["ledger.entries"] = $"id IN (SELECT entry_id FROM ledger.postings WHERE {TheirAccounts})",
            ["ledger.postings"] = $"{TheirAccounts} AND person_id = @PersonId",
            ["sds.spends"] = $"{TheirParts} AND person_id = @PersonId",
            ["sds.payment_batch_instalments"] = TheirParts,
        };

        private const string LedgerSql = """
            SELECT e.id AS EntryId, e.effective_date AS Date, e.kind AS Kind, e.description AS Description, a.name AS Account, p.amount AS Pence
              FROM ledger.postings p
              JOIN ledger.entries e ON e.id = p.entry_id
              JOIN ledger.accounts a ON a.id = p.account_id
             WHERE p.account_id IN (SELECT id FROM ledger.accounts WHERE person_id = @PersonId)
             ORDER BY e.effective_date, e.recorded_at, e.id, a.name
            """;

        public async ValueTask<Result<PersonExportView>> Handle(Query q, CancellationToken ct)
        {
            var conn = session.Connection;
            CommandDefinition Sql(string sql) => new(sql, new { q.PersonId }, session.Transaction, cancellationToken: ct);

            var person = await conn.QuerySingleAsync<PersonRow>(Sql(PersonSql));
            var tables = new SortedDictionary<string, IReadOnlyList<JsonElement>>(StringComparer.Ordinal);
            var withPersonId = (await conn.QueryAsync<string>(Sql(TablesSql))).ToList();
            var names = withPersonId.Where(t => !Related.ContainsKey(t)).Select(t => (t, "person_id = @PersonId"))
                .Concat(Related.Select(r => (r.Key, r.Value)));
            foreach (var (table, where) in names)
            {
                if (!TableName().IsMatch(table)) throw new InvalidOperationException($"Unexpected table name {table}.");
                // The name comes from the catalog (checked above), never from input; the rows are whole, as held.
                var rows = (await conn.QueryAsync<string>(Sql($"SELECT row_to_json(t)::text FROM {table} t WHERE {where} ORDER BY 1"))).ToList();
                var list = new List<JsonElement>(rows.Count);
                foreach (var row in rows) list.Add(await OpenedAsync(row, ct));
                if (list.Count > 0) tables[table] = list;
            }
            var ledger = new List<ExportLedgerLine>();
            foreach (var l in await conn.QueryAsync<LedgerRow>(Sql(LedgerSql)))
                ledger.Add(new ExportLedgerLine(l.EntryId, LocalDate.FromDateOnly(l.Date), l.Kind, await personKeys.RevealAsync(l.Description, ct), l.Account,
                                                Money.FromPence(l.Pence)));

            audit.Detail = "subject access export";
            return new PersonExportView(PersonExportView.FormatName, clock.GetCurrentInstant(), audit.ActorName ?? q.Actor.Name,
                new ExportPerson(person.Id, person.Reference, person.Name, LocalDate.FromDateOnly(person.DateOfBirth), await personKeys.RevealAsync(person.Contact, ct), person.StatementFormat, person.SocialWorker),
                ledger, tables);
        }

        /// <summary>The row as held, but with each text kept sealed with the person's key given opened, as it was written.</summary>
        private async Task<JsonElement> OpenedAsync(string row, CancellationToken ct)
        {
            if (!row.Contains(PersonKeys.SealedMark, StringComparison.Ordinal)) return JsonSerializer.Deserialize<JsonElement>(row);
            var fields = JsonNode.Parse(row)!.AsObject();
            foreach (var (name, value) in fields.ToList())
                if (value is JsonValue v && v.TryGetValue<string>(out var text) && PersonKeys.IsSealed(text))
                    fields[name] = await personKeys.RevealAsync(text, ct);
            return JsonSerializer.SerializeToElement(fields);
        }

        [GeneratedRegex("^(sds|ledger)\\.[a-z_]+$")]
        private static partial Regex TableName();

        private sealed class PersonRow
        {
            public Guid Id { get; init; }
            public string Reference { get; init; } = "";
            public string Name { get; init; } = "";
            public DateOnly DateOfBirth { get; init; }
            public string Contact { get; init; } = "";
            public string StatementFormat { get; init; } = "";
            public string? SocialWorker { get; init; }
        }

        private sealed class LedgerRow
        {
            public Guid EntryId { get; init; }
            public DateOnly Date { get; init; }
            public string Kind { get; init; } = "";
            public string Description { get; init; } = "";
            public string Account { get; init; } = "";
            public long Pence { get; init; }
        }
    }
}
