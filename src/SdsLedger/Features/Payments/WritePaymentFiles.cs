using System.Globalization;
using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Banking.Accounts;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Banking;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Payments;

/// <summary>An instalment the files could not pay yet, and why (no bank details recorded for whoever receives it).</summary>
public sealed record HeldBackInstalment(string PersonReference, int PartPosition, string Receiver, LocalDate DueOn, Money Amount, string Reason);

/// <summary>
/// What writing a run's payment files did: the batch (new, or the one written before for the same run), its payments and
/// total, and the instalments held back. The account numbers are not in it (it is kept as the command's answer).
/// </summary>
public sealed record PaymentFilesResult(Guid? BatchId, string? MessageId, LocalDate RunDate, int Payments, int Instalments, Money Total, bool WrittenBefore,
                                        IReadOnlyList<HeldBackInstalment> HeldBack);

/// <summary>
/// Turns a payment run's instalments into the payments the council's bank makes: the instalments paid in the ledger
/// on or before the run date that no earlier file paid, going to a person's account, a part's nominated third party
/// or a provider, one payment per payee with a reference they recognise. The batch is kept, so the files written for
/// this run date are the same every time (<see cref="PaymentBatchFiles"/> reads them) and an instalment is in one file
/// only. Instalments whose receiver has no bank details are held back, named, for the next file.
/// </summary>
public static class WritePaymentFiles
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid CouncilId, LocalDate RunDate) : ISdsCommand<PaymentFilesResult>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.RunDate).Must(d => d.Year is >= 2000 and <= 2100).WithMessage("Give the payment run's date, between 2000 and 2100.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.CouncilId;
            if (c.Actor.CouncilId != c.CouncilId) return ValueTask.FromResult<Refusal?>(Scope.NotFound("That council"));
            return ValueTask.FromResult(c.Actor.Role == Role.CouncilFinance ? null : Scope.RoleCannot(c.Actor, "write payment files (a finance officer does)"));
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, IClock clock) : ICommandHandler<Command, Result<PaymentFilesResult>>
    {
        // One writer of a council's payment files at a time, so two at once cannot put the same instalment in two batches.
        private const string LockSql = "SELECT pg_advisory_xact_lock(hashtextextended('sdsledger:payment-files:' || @CouncilId::text, 0))";

        private const string ExistingSql = """
            SELECT b.id AS Id, b.message_id AS MessageId, count(DISTINCT p.position)::int AS Payments, coalesce(sum(p.amount), 0)::bigint AS Total,
                   (SELECT count(*) FROM sds.payment_batch_instalments i WHERE i.batch_id = b.id)::int AS Instalments
              FROM sds.payment_batches b JOIN sds.payment_batch_payments p ON p.batch_id = b.id
             WHERE b.council_id = @CouncilId AND b.run_date = @RunDate
             GROUP BY b.id, b.message_id
            """;

        // Instalments paid in the ledger to a receiver outside the council (a person, a third party, a provider), not
        // reversed, and in no file yet; with who receives each and their latest bank details, if any.
        private const string DueSql = """
            WITH details AS (
                -- Each receiver's latest bank details: a third party by the part it holds, a person, a provider.
                SELECT DISTINCT ON (d.holder_kind, coalesce(d.part_id, d.person_id, d.organisation_id))
                       d.id, d.holder_kind, coalesce(d.part_id, d.person_id, d.organisation_id) AS holder
                  FROM sds.bank_details d
                 WHERE d.council_id = @CouncilId AND d.holder_kind <> 'council'
                 ORDER BY d.holder_kind, coalesce(d.part_id, d.person_id, d.organisation_id), d.recorded_at DESC, d.id DESC)
            SELECT e.id AS EntryId, e.effective_date AS DueOn, x.amount AS Amount, bp.id AS PartId, bp.position AS PartPosition, bp.holder_kind AS HolderKind,
                   bp.holder_name AS HolderName, bp.holder_organisation_id AS OrganisationId, pe.id AS PersonId, pe.reference AS PersonReference,
                   details.id AS BankDetailsId
              FROM ledger.entries e
              JOIN ledger.postings x ON x.entry_id = e.id AND x.amount > 0
              JOIN sds.budget_parts bp ON bp.held_account = x.account_id
              JOIN sds.people pe ON pe.id = bp.person_id
              LEFT JOIN details ON details.holder_kind = bp.holder_kind
                               AND details.holder = CASE bp.holder_kind WHEN 'third-party' THEN bp.id WHEN 'person' THEN bp.person_id ELSE bp.holder_organisation_id END
             WHERE e.council_id = @CouncilId AND e.kind = 'instalment' AND e.effective_date <= @RunDate
               AND bp.holder_kind IN ('person', 'third-party', 'organisation')
               AND NOT EXISTS (SELECT 1 FROM ledger.entries r WHERE r.reverses = e.id)
               AND NOT EXISTS (SELECT 1 FROM sds.payment_batch_instalments i WHERE i.entry_id = e.id)
             ORDER BY e.effective_date, pe.reference, bp.position, e.id
            """;

        private const string OriginatorSql = """
            SELECT d.account_name AS AccountName, d.sort_code AS SortCode, d.account_number AS AccountNumber, d.iban AS Iban,
                   d.service_user_number AS ServiceUserNumber, c.name AS CouncilName
              FROM sds.bank_details d JOIN sds.councils c ON c.id = d.council_id
             WHERE d.council_id = @CouncilId AND d.holder_kind = 'council'
             ORDER BY d.recorded_at DESC, d.id DESC LIMIT 1
            """;

        private const string InsertBatchSql = """
            INSERT INTO sds.payment_batches (id, council_id, run_date, message_id, created_at, created_by_id, originator_name, originator_sort_code,
                                             originator_account, originator_iban, service_user_number)
            VALUES (@Id, @CouncilId, @RunDate, @MessageId, @CreatedAt, @CreatedBy, @OriginatorName, @SortCode, @AccountNumber, @Iban, @ServiceUserNumber)
            """;

        private const string InsertPaymentsSql = """
            INSERT INTO sds.payment_batch_payments (batch_id, position, council_id, end_to_end_id, holder_kind, person_id, part_id, organisation_id,
                                                    bank_details_id, amount, reference)
            SELECT @BatchId, p.position, @CouncilId, p.end_to_end_id, p.holder_kind, p.person_id, p.part_id, p.organisation_id, p.bank_details_id, p.amount, p.reference
              FROM unnest(@Positions, @EndToEnd, @Kinds, @People, @Parts, @Organisations, @Details, @Amounts, @References)
                   AS p(position, end_to_end_id, holder_kind, person_id, part_id, organisation_id, bank_details_id, amount, reference)
            """;

        private const string InsertInstalmentsSql = """
            INSERT INTO sds.payment_batch_instalments (entry_id, batch_id, position, council_id, part_id, due_on, amount)
            SELECT i.entry_id, @BatchId, i.position, @CouncilId, i.part_id, i.due_on, i.amount
              FROM unnest(@Entries, @Positions, @Parts, @DueOn, @Amounts) AS i(entry_id, position, part_id, due_on, amount)
            """;

        public async ValueTask<Result<PaymentFilesResult>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var args = new { c.CouncilId, RunDate = c.RunDate.ToDateOnly() };
            await conn.ExecuteAsync(new CommandDefinition(LockSql, args, cancellationToken: ct));
            if (await conn.QuerySingleOrDefaultAsync<Existing>(new CommandDefinition(ExistingSql, args, cancellationToken: ct)) is { } before)
            {
                audit.Detail = $"payment files for {c.RunDate:yyyy-MM-dd} read again ({before.MessageId})";
                return new PaymentFilesResult(before.Id, before.MessageId, c.RunDate, before.Payments, before.Instalments, Money.FromPence(before.Total), true, []);
            }

            var due = (await conn.QueryAsync<Due>(new CommandDefinition(DueSql, args, cancellationToken: ct))).ToList();
            var heldBack = due.Where(d => d.BankDetailsId is null).Select(d => new HeldBackInstalment(d.PersonReference, d.PartPosition, Receiver(d),
                LocalDate.FromDateOnly(d.DueOn), Money.FromPence(d.Amount),
                d.HolderKind switch
                {
                    "organisation" => $"no bank details are recorded for {d.HolderName}: record them with 'sdsledger bank-details set --organisation CODE'",
                    "third-party" => $"no bank details are recorded for {d.HolderName}, the third party holding part {d.PartPosition}: record them with 'sdsledger bank-details set --person {d.PersonReference} --part-no {d.PartPosition}'",
                    _ => $"no bank details are recorded for {d.PersonReference}: record them with 'sdsledger bank-details set --person {d.PersonReference}'",
                })).ToList();
            var payable = due.Where(d => d.BankDetailsId is not null).ToList();
            if (payable.Count == 0)
            {
                audit.Detail = $"no payments due for files by {c.RunDate:yyyy-MM-dd}; {heldBack.Count} held back";
                return new PaymentFilesResult(null, null, c.RunDate, 0, 0, Money.Zero, false, heldBack);
            }
            var originator = await conn.QuerySingleOrDefaultAsync<Originator>(new CommandDefinition(OriginatorSql, args, cancellationToken: ct));
            if (originator is null)
                return Result<PaymentFilesResult>.Refused(BankingCodes.NoCouncilAccount,
                    "The council's own bank account is not recorded, so there is nothing to pay from. A finance officer records it with " +
                    "'sdsledger bank-details set --council --sort-code ... --account-number ... --service-user-number ...'.");

            var batchId = Guid.CreateVersion7();
            var messageId = $"SDS-{c.RunDate:yyyyMMdd}-{batchId.ToString("N")[..8]}";
            var initials = Initials(originator.CouncilName);
            // One payment per receiver: a provider gets one for every person it holds money for, listed on its remittance advice.
            var payments = payable
                .GroupBy(d => (d.HolderKind, Receiver: d.HolderKind switch { "organisation" => d.OrganisationId, "third-party" => d.PartId, _ => d.PersonId }))
                .OrderBy(g => g.Key.HolderKind == "organisation" ? 1 : 0).ThenBy(g => g.First().PersonReference, StringComparer.Ordinal).ThenBy(g => g.Key.Receiver)
                .Select((g, i) => (Position: i + 1, Lines: g.ToList(), g.Key.HolderKind))
                .ToList();
            // The file says when it was made, to the second, in UK time; kept with the batch so that writing it again gives the same bytes.
            var now = clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).LocalDateTime;
            var created = now.Date + new LocalTime(now.Hour, now.Minute, now.Second);
            await conn.ExecuteAsync(new CommandDefinition(InsertBatchSql, new
            {
                Id = batchId, c.CouncilId, RunDate = c.RunDate.ToDateOnly(), MessageId = messageId, CreatedAt = created.ToDateTimeUnspecified(), CreatedBy = c.Actor.Id,
                OriginatorName = originator.AccountName, originator.SortCode, originator.AccountNumber, originator.Iban, originator.ServiceUserNumber,
            }, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(InsertPaymentsSql, new
            {
                BatchId = batchId, c.CouncilId,
                Positions = payments.Select(p => p.Position).ToArray(),
                EndToEnd = payments.Select(p => $"{messageId}-{p.Position:0000}").ToArray(),
                Kinds = payments.Select(p => p.HolderKind).ToArray(),
                People = payments.Select(p => p.HolderKind == "organisation" ? null : (Guid?)p.Lines[0].PersonId).ToArray(),
                Parts = payments.Select(p => p.HolderKind == "third-party" ? (Guid?)p.Lines[0].PartId : null).ToArray(),
                Organisations = payments.Select(p => p.Lines[0].OrganisationId).ToArray(),
                Details = payments.Select(p => p.Lines[0].BankDetailsId!.Value).ToArray(),
                Amounts = payments.Select(p => p.Lines.Sum(l => l.Amount)).ToArray(),
                References = payments.Select(p => Reference(initials, p.HolderKind, p.Lines[0].PersonReference, c.RunDate)).ToArray(),
            }, cancellationToken: ct));
            var lines = payments.SelectMany(p => p.Lines.Select(l => (p.Position, Line: l))).ToList();
            await conn.ExecuteAsync(new CommandDefinition(InsertInstalmentsSql, new
            {
                BatchId = batchId, c.CouncilId,
                Entries = lines.Select(l => l.Line.EntryId).ToArray(),
                Positions = lines.Select(l => l.Position).ToArray(),
                Parts = lines.Select(l => l.Line.PartId).ToArray(),
                DueOn = lines.Select(l => l.Line.DueOn).ToArray(),
                Amounts = lines.Select(l => l.Line.Amount).ToArray(),
            }, cancellationToken: ct));

            var total = Money.FromPence(payable.Sum(d => d.Amount));
            audit.Detail = $"payment files {messageId} for {c.RunDate:yyyy-MM-dd}: {payments.Count} payment(s), {total}; {heldBack.Count} instalment(s) held back";
            return new PaymentFilesResult(batchId, messageId, c.RunDate, payments.Count, lines.Count, total, false, heldBack);
        }

        private static string Receiver(Due d) => d.HolderKind == "person" ? d.PersonReference : d.HolderName;

        /// <summary>
        /// What the payee sees on their statement (18 characters at most, as Bacs allows): the council's initials, "SDS" and,
        /// for a person or third party, the person's reference; for a provider, the run's date, its remittance advice saying the rest.
        /// </summary>
        internal static string Reference(string initials, string holderKind, string personReference, LocalDate runDate)
        {
            var text = holderKind == "organisation"
                ? $"{initials} SDS {runDate.ToString("ddMMyy", CultureInfo.InvariantCulture)}"
                : $"{initials} SDS {personReference.ToUpperInvariant()}";
            return text.Length <= 18 ? text : text[..18];
        }

        /// <summary>"NKC" for North Kirkton Council: the first letter of each word, four at most.</summary>
        internal static string Initials(string councilName)
        {
            var letters = councilName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => char.IsLetter(w[0])).Select(w => char.ToUpperInvariant(w[0]));
            var initials = new string(letters.Take(4).ToArray());
            return initials.Length == 0 ? "LA" : initials;
        }

        private sealed class Existing
        {
            public Guid Id { get; init; }
            public string MessageId { get; init; } = "";
            public int Payments { get; init; }
            public long Total { get; init; }
            public int Instalments { get; init; }
        }

        private sealed class Due
        {
            public Guid EntryId { get; init; }
            public DateOnly DueOn { get; init; }
            public long Amount { get; init; }
            public Guid PartId { get; init; }
            public int PartPosition { get; init; }
            public string HolderKind { get; init; } = "";
            public string HolderName { get; init; } = "";
            public Guid? OrganisationId { get; init; }
            public Guid PersonId { get; init; }
            public string PersonReference { get; init; } = "";
            public Guid? BankDetailsId { get; init; }
        }

        private sealed class Originator
        {
            public string AccountName { get; init; } = "";
            public string SortCode { get; init; } = "";
            public string AccountNumber { get; init; } = "";
            public string? Iban { get; init; }
            public string ServiceUserNumber { get; init; } = "";
            public string CouncilName { get; init; } = "";
        }
    }
}
