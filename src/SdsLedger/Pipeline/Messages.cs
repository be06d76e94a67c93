using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;

namespace SdsLedger.Pipeline;

/// <summary>Every SdsLedger message names who is acting; history records them.</summary>
public interface IActorMessage
{
    Actor Actor { get; }
}

/// <summary>A message whose idempotency key makes a retry return the first answer and write nothing.</summary>
public interface IIdempotentMessage : IActorMessage
{
    string IdempotencyKey { get; }
}

/// <summary>
/// The one message sent before anyone is registered: setting up a council, whose actor is the first finance officer it
/// registers. Every other message's actor must already be registered and active.
/// </summary>
public interface IFirstActorMessage : IActorMessage;

/// <summary>A change. Its idempotency key makes a retry return the first answer and write nothing.</summary>
public interface ISdsCommand<T> : ICommand<Result<T>>, IIdempotentMessage;

/// <summary>A read. Reads of a person's data are audited too.</summary>
public interface ISdsQuery<T> : IQuery<Result<T>>, IActorMessage;

/// <summary>
/// A report or statement: a read that may come from a standby, so that the council's long reads do not load the cluster
/// that takes its spends. Only on the trusted path (no tenant): the web and the API prove their tenant in each
/// transaction by writing a row, which a standby cannot take. Its audit records are written on the primary, before
/// the answer is returned, so no read goes unrecorded.
/// </summary>
public interface IStandbyRead : IActorMessage;

/// <summary>A command that spends or sets money aside from a budget part, and so passes the spending rules.</summary>
public interface ISpendingCommand : IActorMessage
{
    Guid PartId { get; }
    Domain.Money Amount { get; }
    string Category { get; }
    string Payee { get; }
    string Description { get; }
    NodaTime.LocalDate Date { get; }
    bool PayeeIsFamily { get; }
    bool ConfirmDuplicate { get; }
    Guid? ApprovalId { get; }

    /// <summary>The merchant category code a card platform reported, when the spend came from a card feed.</summary>
    string? MerchantCode => null;

    /// <summary>Money set aside for the future (a commitment) rather than spent.</summary>
    bool IsPlanned => false;
}

/// <summary>Decides whether the actor may send this message, given what it touches. One per message type.</summary>
public interface IAuthorisation<in TMessage>
{
    ValueTask<Refusal?> CheckAsync(TMessage message, DbSession session, AuditContext audit, CancellationToken ct);
}
