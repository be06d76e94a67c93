using System.Security.Cryptography;
using System.Text;
using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Banking.Reconciliation;
using SdsLedger.Banking.Statements;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Banking;

/// <summary>
/// What importing a statement did: its lines, how many were new and how many an earlier statement already held, the
/// draft spends made from card lines with no spend recorded, and whether this very file had been imported before.
/// </summary>
public sealed record StatementImport(Guid StatementId, string FileName, string ReadAs, int Lines, int New, int AlreadyHeld, int DraftSpends,
                                     Money? Opening, Money? Closing, bool ImportedBefore);

/// <summary>
/// Imports a bank or card statement for an account the council monitors: the council's own, a person's direct payment
/// account or prepaid card, or a provider's client account. The statement's balances must agree with its lines, or
/// nothing is imported. The same file imported again is recognised and records nothing; a line an overlapping
/// statement brought already is not recorded twice. Card lines with no spend recorded become draft spends, recorded
/// only when someone confirms them (<see cref="ConfirmDraftSpend"/>).
/// </summary>
public static class ImportBankStatement
{
    public const int MaxLines = 200_000;

    public sealed record Command(Actor Actor, string IdempotencyKey, StatementAccount Account, string FileName, string FileHash, string ReadAs,
                                 BankStatement Statement) : ISdsCommand<StatementImport>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Account).NotNull().Must(a => a is null || a.IsWellFormed).WithMessage("Say whose account the statement is of.");
            RuleFor(c => c.FileName).Text("file name", 255);
            RuleFor(c => c.FileHash).NotEmpty().Matches("^[0-9a-f]{64}$").WithMessage("Give the file's SHA-256 hash (lower-case hex).");
            RuleFor(c => c.Statement).NotNull().WithMessage("Give the statement read from the file.");
            RuleFor(c => c.Statement.Lines).Must(l => l.Count > 0).When(c => c.Statement is not null)
                .WithMessage("The statement has no lines; there is nothing to import.")
                .Must(l => l.Count <= MaxLines).When(c => c.Statement is not null)
                .WithMessage($"A statement holds at most {MaxLines:N0} lines; split the file by month.");
            RuleFor(c => c.Statement.Currency).Equal("GBP").When(c => c.Statement is not null)
                .WithMessage(c => $"The statement is in {c.Statement.Currency}; SdsLedger keeps pounds sterling (GBP) only. Ask the bank for the sterling account's statement.");
            RuleForEach(c => c.Statement.Lines).Must(l => l.Date.Year is >= 2000 and <= 2100 && l.Amount.Pence != 0 && Math.Abs(l.Amount.Pence) <= 100_000_000_00
                                                       && l.Description.Length <= 500)
                .When(c => c.Statement is not null)
                .WithMessage((_, l) => $"line {l.Number}: a statement line has a date between 2000 and 2100, an amount that is not zero and at most £100,000,000, and at most 500 characters of description.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.Actor.CouncilId;
            audit.PersonId = c.Account.PersonId;
            if (c.Actor.CouncilId is not { } council || !Roles.IsCouncilStaff(c.Actor.Role))
                return Scope.RoleCannot(c.Actor, "import bank statements (the council's finance officers and social workers do)");
            var conn = session.Connection;
            if (c.Account.PersonId is { } person && !await StatementAccount.PersonOfCouncilAsync(conn, council, person, ct)) return Scope.NotFound("That person");
            if (c.Account.OrganisationId is { } organisation && !await StatementAccount.OrganisationOfCouncilAsync(conn, council, organisation, ct))
                return Scope.NotFound("That provider");
            return null;
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<StatementImport>>
    {
        // Imports into one account wait for each other, so two copies of a file imported at once record it once.
        private const string LockSql = "SELECT pg_advisory_xact_lock(hashtextextended('sdsledger:statement:' || @CouncilId::text || ':' || @AccountKey, 0))";

        private const string EarlierSql = """
            SELECT s.id AS Id, s.read_as AS ReadAs, s.opening AS Opening, s.closing AS Closing
              FROM sds.bank_statements s WHERE s.council_id = @CouncilId AND s.account_key = @AccountKey AND s.file_hash = @FileHash
            """;

        private const string InsertStatementSql = """
            INSERT INTO sds.bank_statements (id, council_id, account_key, person_id, organisation_id, file_name, file_hash, format, read_as, period_from, period_to,
                                             opening, closing, imported_by_id)
            VALUES (@Id, @CouncilId, @AccountKey, @PersonId, @OrganisationId, @FileName, @FileHash, @Format, @ReadAs, @From, @To, @Opening, @Closing, @ImportedBy)
            """;

        private const string InsertLinesSql = """
            INSERT INTO sds.bank_lines (id, statement_id, council_id, account_key, person_id, organisation_id, line_number, booked_on, amount, description,
                                        counterparty, bank_reference, merchant, merchant_category_code, line_key)
            SELECT l.id, @StatementId, @CouncilId, @AccountKey, @PersonId, @OrganisationId, l.line_number, l.booked_on, l.amount, l.description,
                   l.counterparty, l.bank_reference, l.merchant, l.mcc, l.line_key
              FROM unnest(@Ids, @Numbers, @Dates, @Amounts, @Descriptions, @Counterparties, @References, @Merchants, @Codes, @Keys)
                   AS l(id, line_number, booked_on, amount, description, counterparty, bank_reference, merchant, mcc, line_key)
            ON CONFLICT (council_id, account_key, line_key) DO NOTHING
            RETURNING id
            """;

        // The person's direct payment parts, to say which a draft spend would come from.
        private const string PartsSql = """
            SELECT p.id AS PartId, b.period_start AS PeriodStart, b.period_end AS PeriodEnd
              FROM sds.budget_parts p JOIN sds.budgets b ON b.id = p.budget_id
             WHERE p.person_id = @PersonId AND p.option = 1 AND b.status = 'active'
             ORDER BY b.period_start, p.position
            """;

        private const string SpendsSql = """
            SELECT s.entry_id AS Id, s.spent_on AS Date, s.amount AS Amount, s.payee AS Payee
              FROM sds.spends s JOIN sds.budget_parts p ON p.id = s.part_id
             WHERE p.person_id = @PersonId AND p.option = 1 AND s.spent_on BETWEEN @From AND @To
               AND NOT EXISTS (SELECT 1 FROM ledger.entries r WHERE r.reverses = s.entry_id)
            """;

        private const string InsertDraftsSql = """
            INSERT INTO sds.draft_spends (id, bank_line_id, council_id, person_id, part_id, amount, payee, spent_on, merchant_category_code)
            SELECT d.id, d.line_id, @CouncilId, @PersonId, d.part_id, d.amount, d.payee, d.spent_on, d.mcc
              FROM unnest(@Ids, @Lines, @Parts, @Amounts, @Payees, @Dates, @Codes) AS d(id, line_id, part_id, amount, payee, spent_on, mcc)
            ON CONFLICT (bank_line_id) DO NOTHING
            """;

        private const string MatchDaysSql = "SELECT match_days FROM sds.council_rules WHERE council_id = @CouncilId";

        public async ValueTask<Result<StatementImport>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var statement = c.Statement;
            if (statement.BalanceProblem() is { } problem)
                return Result<StatementImport>.Refused(BankingCodes.StatementBalances,
                    $"{c.FileName} does not add up: {problem}. Nothing was imported; ask the bank for the statement again, or check the file was not edited.");

            var keyArgs = new { c.Actor.CouncilId, AccountKey = c.Account.Key, c.FileHash };
            await conn.ExecuteAsync(new CommandDefinition(LockSql, keyArgs, cancellationToken: ct));
            if (await conn.QuerySingleOrDefaultAsync<Earlier>(new CommandDefinition(EarlierSql, keyArgs, cancellationToken: ct)) is { } earlier)
            {
                audit.Detail = $"{c.FileName} was imported before";
                return new StatementImport(earlier.Id, c.FileName, earlier.ReadAs, statement.Lines.Count, 0, statement.Lines.Count, 0,
                    earlier.Opening is { } o ? Money.FromPence(o) : null, earlier.Closing is { } cl ? Money.FromPence(cl) : null, ImportedBefore: true);
            }

            var statementId = Guid.CreateVersion7();
            await conn.ExecuteAsync(new CommandDefinition(InsertStatementSql, new
            {
                Id = statementId, c.Actor.CouncilId, AccountKey = c.Account.Key, c.Account.PersonId, c.Account.OrganisationId, c.FileName, c.FileHash,
                Format = FormatText(statement.Format), c.ReadAs, From = statement.From?.ToDateOnly(), To = statement.To?.ToDateOnly(),
                Opening = statement.Opening?.Pence, Closing = statement.Closing?.Pence, ImportedBy = c.Actor.Id,
            }, cancellationToken: ct));

            var lines = statement.Lines;
            var ids = lines.Select(_ => Guid.CreateVersion7()).ToArray();
            var inserted = (await conn.QueryAsync<Guid>(new CommandDefinition(InsertLinesSql, new
            {
                StatementId = statementId, c.Actor.CouncilId, AccountKey = c.Account.Key, c.Account.PersonId, c.Account.OrganisationId,
                Ids = ids,
                Numbers = lines.Select(l => l.Number).ToArray(),
                Dates = lines.Select(l => l.Date.ToDateOnly()).ToArray(),
                Amounts = lines.Select(l => l.Amount.Pence).ToArray(),
                Descriptions = lines.Select(l => Clean(l.Description, 500) ?? "").ToArray(),
                Counterparties = lines.Select(l => Clean(l.Counterparty, 200)).ToArray(),
                References = lines.Select(l => Clean(l.BankReference, 200)).ToArray(),
                Merchants = lines.Select(l => Clean(l.MerchantName, 200)).ToArray(),
                Codes = lines.Select(l => l.MerchantCategoryCode).ToArray(),
                Keys = LineKeys(lines),
            }, cancellationToken: ct))).ToHashSet();

            var drafts = 0;
            if (statement.Format == BankFileFormat.CardFeed && c.Account.PersonId is { } personId)
            {
                var fresh = lines.Select((l, i) => (Line: l, Id: ids[i])).Where(x => inserted.Contains(x.Id) && x.Line.Amount.IsNegative).ToList();
                drafts = await DraftSpendsAsync(c, personId, fresh, ct);
            }
            audit.Detail = $"{c.FileName} ({c.ReadAs}) for {c.Account.Key}: {inserted.Count} new line(s), {lines.Count - inserted.Count} already held, {drafts} draft spend(s)";
            return new StatementImport(statementId, c.FileName, c.ReadAs, lines.Count, inserted.Count, lines.Count - inserted.Count, drafts,
                statement.Opening, statement.Closing, ImportedBefore: false);
        }

        /// <summary>Card lines with no spend recorded, matched as reconciliation would, become draft spends of the direct payment part covering their date.</summary>
        private async Task<int> DraftSpendsAsync(Command c, Guid personId, List<(StatementLine Line, Guid Id)> fresh, CancellationToken ct)
        {
            if (fresh.Count == 0) return 0;
            var conn = session.Connection;
            var days = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(MatchDaysSql, new { c.Actor.CouncilId }, cancellationToken: ct)) ?? MatchRules.Default.WindowDays;
            var from = fresh.Min(f => f.Line.Date).PlusDays(-days);
            var to = fresh.Max(f => f.Line.Date).PlusDays(days);
            var spends = new List<LedgerItem>();
            // Payees are kept sealed with the person's key: opened to be matched with the bank's words.
            foreach (var s in await conn.QueryAsync<SpendRow>(new CommandDefinition(SpendsSql, new { PersonId = personId, From = from.ToDateOnly(), To = to.ToDateOnly() },
                         cancellationToken: ct)))
                spends.Add(new LedgerItem(s.Id.ToString(), LocalDate.FromDateOnly(s.Date), -Money.FromPence(s.Amount), await personKeys.RevealAsync(s.Payee, ct)));
            var bank = fresh.Select(f => new BankItem(f.Id.ToString(), f.Line.Date, f.Line.Amount, f.Line.MerchantName ?? f.Line.Description)).ToList();
            var unmatched = Reconciler.Reconcile(bank, spends, new MatchRules(days)).BankOnly.Select(b => Guid.Parse(b.Id)).ToHashSet();

            var parts = (await conn.QueryAsync<PartRow>(new CommandDefinition(PartsSql, new { PersonId = personId }, cancellationToken: ct))).ToList();
            var drafts = fresh.Where(f => unmatched.Contains(f.Id))
                .Select(f => (f.Line, f.Id, Part: parts.FirstOrDefault(p => LocalDate.FromDateOnly(p.PeriodStart) <= f.Line.Date && f.Line.Date <= LocalDate.FromDateOnly(p.PeriodEnd))))
                .Where(d => d.Part is not null)
                .ToList();
            if (drafts.Count == 0) return 0;
            return await conn.ExecuteAsync(new CommandDefinition(InsertDraftsSql, new
            {
                c.Actor.CouncilId, PersonId = personId,
                Ids = drafts.Select(_ => Guid.CreateVersion7()).ToArray(),
                Lines = drafts.Select(d => d.Id).ToArray(),
                Parts = drafts.Select(d => d.Part!.PartId).ToArray(),
                Amounts = drafts.Select(d => -d.Line.Amount.Pence).ToArray(),
                Payees = drafts.Select(d => Clean(d.Line.MerchantName ?? d.Line.Description, 200) ?? "card payment").ToArray(),
                Dates = drafts.Select(d => d.Line.Date.ToDateOnly()).ToArray(),
                Codes = drafts.Select(d => d.Line.MerchantCategoryCode).ToArray(),
            }, cancellationToken: ct));
        }

        /// <summary>
        /// Each line's key: the bank's own reference where the file gives one; otherwise its date, amount and text, with
        /// how many identical lines came before it in the file, so two equal bus fares on one day stay two lines.
        /// </summary>
        internal static string[] LineKeys(IReadOnlyList<StatementLine> lines)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            return lines.Select(l =>
            {
                if (l.BankReference is { Length: > 0 } reference) return "ref:" + reference;
                var content = $"{l.Date:yyyy-MM-dd}|{l.Amount.Pence}|{l.Description.Trim().ToUpperInvariant()}";
                var n = seen[content] = seen.GetValueOrDefault(content) + 1;
                return "hash:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{content}|{n}")));
            }).ToArray();
        }

        /// <summary>Text from a bank file as kept: control characters dropped, cut to the column's width.</summary>
        private static string? Clean(string? text, int max)
        {
            if (text is null) return null;
            var kept = new string(text.Where(ch => !char.IsControl(ch) && char.GetUnicodeCategory(ch) != System.Globalization.UnicodeCategory.Format).ToArray()).Trim();
            return kept.Length <= max ? kept : kept[..max];
        }

        private static string FormatText(BankFileFormat format) => format switch
        {
            BankFileFormat.Camt053 => "camt053",
            BankFileFormat.Ofx => "ofx",
            BankFileFormat.CardFeed => "card-feed",
            _ => "csv",
        };

        private sealed class Earlier
        {
            public Guid Id { get; init; }
            public string ReadAs { get; init; } = "";
            public long? Opening { get; init; }
            public long? Closing { get; init; }
        }

        private sealed class SpendRow
        {
            public Guid Id { get; init; }
            public DateOnly Date { get; init; }
            public long Amount { get; init; }
            public string Payee { get; init; } = "";
        }

        private sealed class PartRow
        {
            public Guid PartId { get; init; }
            public DateOnly PeriodStart { get; init; }
            public DateOnly PeriodEnd { get; init; }
        }
    }
}
