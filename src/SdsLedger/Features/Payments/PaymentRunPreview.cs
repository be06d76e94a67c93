using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Payments;

/// <summary>One payee of a payment run: the instalments they would get now, and the total.</summary>
public sealed record PreviewPayment(Guid PartId, string PersonReference, string PersonName, string Holder, IReadOnlyList<LocalDate> Due, Money Amount);

public sealed record PaymentRunPreviewView(LocalDate RunDate, IReadOnlyList<PreviewPayment> Payments, int Instalments, Money Total, int AlreadyPaid,
                                           int PartsCatchingUp, bool NeedsConfirmation);

/// <summary>What a payment run on a day would pay, to whom and when, without paying anything: checked before a run is confirmed.</summary>
public static class PaymentRunPreview
{
    public sealed record Query(Actor Actor, Guid CouncilId, LocalDate RunDate) : ISdsQuery<PaymentRunPreviewView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct) =>
            ValueTask.FromResult(RunAccess.Check(q.Actor, q.CouncilId, audit));
    }

    internal sealed class Handler(DbSession session, CouncilClock clock) : IQueryHandler<Query, Result<PaymentRunPreviewView>>
    {
        public async ValueTask<Result<PaymentRunPreviewView>> Handle(Query q, CancellationToken ct)
        {
            if (await RunAccess.TooFarAheadAsync(session.Connection, q.CouncilId, q.RunDate, clock.Today, ct) is { } problem)
                return Result<PaymentRunPreviewView>.Invalid(nameof(q.RunDate), problem);
            var due = await DueInstalments.LoadAsync(session.Connection, q.CouncilId, q.RunDate, ct);
            var payments = due.Unpaid.GroupBy(i => i.PartId)
                .Select(g => new PreviewPayment(g.Key, g.First().PersonReference, g.First().PersonName, g.First().Holder, g.Select(i => i.Due).ToList(),
                    g.Aggregate(Money.Zero, (sum, i) => sum + i.Amount)))
                .ToList();
            return new PaymentRunPreviewView(q.RunDate, payments, due.Unpaid.Count, due.Total, due.AlreadyPaid, due.PartsCatchingUp, due.PartsCatchingUp > 0);
        }
    }
}
