using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Banking.Accounts;
using SdsLedger.Banking.Payments;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Payments;

/// <summary>One instalment a payment pays: whose budget, which part, when it was due, how much.</summary>
public sealed record RemittanceLine(string PersonName, string PersonReference, int PartPosition, LocalDate DueOn, Money Amount);

/// <summary>
/// A remittance advice: what one payment is for, for the payee. The account shows masked, as on every output but the
/// bank file.
/// </summary>
public sealed record RemittanceAdvice(int Position, string EndToEndId, string PayeeName, string PayeeKind, string MaskedAccount, Money Amount, string Reference,
                                      LocalDate PaymentDate, string CouncilName, string CouncilContact, IReadOnlyList<RemittanceLine> Lines);

/// <summary>A batch written for a run, ready to be written as files: the bank's view (whole account numbers) and a remittance advice per payee.</summary>
public sealed record PaymentFiles(PaymentBatch Batch, IReadOnlyList<RemittanceAdvice> Remittances);

/// <summary>
/// Reads the payment batch written for a council's run date, to write its pain.001 and Bacs files and its remittance
/// advices. It holds whole account numbers for the bank file, so it is never stored as an answer or printed.
/// </summary>
public static class PaymentBatchFiles
{
    public sealed record Query(Actor Actor, Guid CouncilId, LocalDate RunDate) : ISdsQuery<PaymentFiles>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.CouncilId;
            if (q.Actor.CouncilId != q.CouncilId) return ValueTask.FromResult<Refusal?>(Scope.NotFound("That council"));
            return ValueTask.FromResult(q.Actor.Role == Role.CouncilFinance ? null : Scope.RoleCannot(q.Actor, "read payment files (a finance officer does)"));
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<PaymentFiles>>
    {
        private const string Sql = """
            SELECT b.id AS Id, b.message_id AS MessageId, b.created_at AS CreatedAt, b.run_date AS RunDate, b.originator_name AS OriginatorName,
                   b.originator_sort_code AS OriginatorSortCode, b.originator_account AS OriginatorAccount, b.originator_iban AS OriginatorIban,
                   b.service_user_number AS ServiceUserNumber, c.name AS CouncilName, c.contact AS CouncilContact
              FROM sds.payment_batches b JOIN sds.councils c ON c.id = b.council_id
             WHERE b.council_id = @CouncilId AND b.run_date = @RunDate;

            SELECT p.position AS Position, p.end_to_end_id AS EndToEndId, p.holder_kind AS HolderKind, p.amount AS Amount, p.reference AS Reference,
                   d.account_name AS AccountName, d.sort_code AS SortCode, d.account_number AS AccountNumber, d.iban AS Iban,
                   coalesce(o.name, tp.holder_name, pe.name) AS PayeeName
              FROM sds.payment_batches b
              JOIN sds.payment_batch_payments p ON p.batch_id = b.id
              JOIN sds.bank_details d ON d.id = p.bank_details_id
              LEFT JOIN sds.organisations o ON o.id = p.organisation_id
              LEFT JOIN sds.budget_parts tp ON tp.id = p.part_id
              LEFT JOIN sds.people pe ON pe.id = p.person_id
             WHERE b.council_id = @CouncilId AND b.run_date = @RunDate
             ORDER BY p.position;

            SELECT i.position AS Position, pe.name AS PersonName, pe.reference AS PersonReference, bp.position AS PartPosition, i.due_on AS DueOn, i.amount AS Amount
              FROM sds.payment_batches b
              JOIN sds.payment_batch_instalments i ON i.batch_id = b.id
              JOIN sds.budget_parts bp ON bp.id = i.part_id
              JOIN sds.people pe ON pe.id = bp.person_id
             WHERE b.council_id = @CouncilId AND b.run_date = @RunDate
             ORDER BY i.position, pe.name, pe.reference, bp.position, i.due_on;
            """;

        public async ValueTask<Result<PaymentFiles>> Handle(Query q, CancellationToken ct)
        {
            using var read = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new { q.CouncilId, RunDate = q.RunDate.ToDateOnly() },
                session.Transaction, cancellationToken: ct));
            var batch = await read.ReadSingleOrDefaultAsync<BatchRow>();
            if (batch is null)
                return Result<PaymentFiles>.Refused(RefusalCodes.NotFound,
                    $"No payment files have been written for the run of {q.RunDate:d MMMM yyyy}; write them with 'sdsledger payment-files --date {q.RunDate:yyyy-MM-dd}'.");
            var payments = (await read.ReadAsync<PaymentRow>()).ToList();
            var lines = (await read.ReadAsync<LineRow>()).ToLookup(l => l.Position);

            var originator = new Originator(batch.OriginatorName, UkBankAccount.FromRecorded(batch.OriginatorSortCode, batch.OriginatorAccount), batch.ServiceUserNumber,
                batch.OriginatorIban is null ? null : Iban.FromRecorded(batch.OriginatorIban));
            var runDate = LocalDate.FromDateOnly(batch.RunDate);
            var bankPayments = payments.Select(p => new Payment(p.EndToEndId, p.AccountName, UkBankAccount.FromRecorded(p.SortCode, p.AccountNumber),
                Money.FromPence(p.Amount), p.Reference, p.Iban is null ? null : Iban.FromRecorded(p.Iban))).ToList();
            var remittances = payments.Select(p => new RemittanceAdvice(p.Position, p.EndToEndId, p.PayeeName, p.HolderKind,
                UkBankAccount.FromRecorded(p.SortCode, p.AccountNumber).Masked, Money.FromPence(p.Amount), p.Reference, runDate, batch.CouncilName, batch.CouncilContact,
                lines[p.Position].Select(l => new RemittanceLine(l.PersonName, l.PersonReference, l.PartPosition, LocalDate.FromDateOnly(l.DueOn), Money.FromPence(l.Amount)))
                    .ToList())).ToList();
            return new PaymentFiles(new PaymentBatch(batch.MessageId, LocalDateTime.FromDateTime(batch.CreatedAt), runDate, originator, bankPayments), remittances);
        }

        private sealed class BatchRow
        {
            public Guid Id { get; init; }
            public string MessageId { get; init; } = "";
            public DateTime CreatedAt { get; init; }
            public DateOnly RunDate { get; init; }
            public string OriginatorName { get; init; } = "";
            public string OriginatorSortCode { get; init; } = "";
            public string OriginatorAccount { get; init; } = "";
            public string? OriginatorIban { get; init; }
            public string ServiceUserNumber { get; init; } = "";
            public string CouncilName { get; init; } = "";
            public string CouncilContact { get; init; } = "";
        }

        private sealed class PaymentRow
        {
            public int Position { get; init; }
            public string EndToEndId { get; init; } = "";
            public string HolderKind { get; init; } = "";
            public long Amount { get; init; }
            public string Reference { get; init; } = "";
            public string AccountName { get; init; } = "";
            public string SortCode { get; init; } = "";
            public string AccountNumber { get; init; } = "";
            public string? Iban { get; init; }
            public string PayeeName { get; init; } = "";
        }

        private sealed class LineRow
        {
            public int Position { get; init; }
            public string PersonName { get; init; } = "";
            public string PersonReference { get; init; } = "";
            public int PartPosition { get; init; }
            public DateOnly DueOn { get; init; }
            public long Amount { get; init; }
        }
    }
}
