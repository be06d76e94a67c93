using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Spending;

/// <summary>Records something bought (or hours of support delivered) from a budget part, after every spending rule passes.</summary>
public static class RecordSpend
{
    public sealed record Command(
        Actor Actor, string IdempotencyKey, Guid PartId, Money Amount, string Category, string Payee, LocalDate Date, string Description,
        string? Evidence = null, decimal? Hours = null, bool PayeeIsFamily = false, bool ConfirmDuplicate = false, Guid? ApprovalId = null,
        string? MerchantCode = null)
        : ISdsCommand<Guid>, ISpendingCommand;

    /// <summary>The shape of a spend, for a single spend and for each line of an imported file alike.</summary>
    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Amount).PositiveAmount();
            RuleFor(c => c.Category).Category();
            RuleFor(c => c.Payee).Text("payee (who was paid)", 200);
            RuleFor(c => c.Description).Text("description of what was bought", 300);
            RuleFor(c => c.Evidence).MaximumLength(200).WithMessage("The evidence reference is too long: at most 200 characters.");
            RuleFor(c => c.Hours).Hours();
            RuleFor(c => c.MerchantCode).Matches("^[0-9]{4}$").When(c => c.MerchantCode is not null)
                .WithMessage("A merchant category code is four digits, as the card platform reports it (like 5411).");
        }
    }

    internal sealed class Authorisation(SpendingParts parts) : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            await parts.GetAsync(c.PartId, ct) is { } part && Scope.CanSee(c.Actor, part.Scope) ? null : Scope.NotFound("That budget part");
    }

    internal sealed class Handler(SpendingParts parts, SpendWriter writer, AuditContext audit) : ICommandHandler<Command, Result<Guid>>
    {
        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var part = (await parts.GetAsync(c.PartId, ct))!;
            var written = await writer.WriteAsync(c.Actor, $"spend:{c.IdempotencyKey}", part,
                new SpendLine(c.Amount, c.Category, c.Payee, c.Date, c.Description, c.Evidence, c.Hours, c.ApprovalId, c.MerchantCode), captures: null, ct);
            if (written.Succeeded) audit.Detail = $"{c.Amount} to {c.Payee} for {c.Category}";
            return written;
        }
    }
}
