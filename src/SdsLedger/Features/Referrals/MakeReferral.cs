using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.People;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Referrals;

/// <summary>
/// A peer or recovery worker starts a referral with a person the council does not know yet: who they are, how to reach
/// them (optional), what they would like to change in their own words, and whether they agree to the council contacting
/// them. It lands in the council's social work queue without the person first having to go through social work.
/// </summary>
public static class MakeReferral
{
    public sealed record Command(Actor Actor, string IdempotencyKey, string Name, LocalDate DateOfBirth, string? Email, string? Mobile,
                                 string WouldLike, bool? AgreesToContact) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Name).Text("person's name", 200);
            RuleFor(c => c.DateOfBirth).Must(d => d >= Validation.EarliestBirth)
                .WithMessage("The date of birth must be on or after 1 January 1900; check the year.");
            RuleFor(c => c.Email).MaximumLength(254).Matches(@"^[^@\s]+@[^@\s]+\.[^@\s]+$").When(c => !string.IsNullOrWhiteSpace(c.Email))
                .WithMessage("Give an email address like name@example.com, or leave it empty.");
            RuleFor(c => c.Mobile).Must(m => SignInAddress.MobileDigits(m) is not null).When(c => !string.IsNullOrWhiteSpace(c.Mobile))
                .WithMessage("Give a UK mobile number like 07700 900123, or leave it empty.");
            RuleFor(c => c.WouldLike).Text("change they would like (in their own words)", 2000);
            RuleFor(c => c.AgreesToContact).NotNull()
                .WithMessage("Say whether the person agrees to the council contacting them: yes or no.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.Actor.CouncilId;
            return ValueTask.FromResult(c.Actor.Role == Role.RecoveryWorker && c.Actor.CouncilId is not null
                ? null
                : Scope.RoleCannot(c.Actor, "start a self-referral (peer and recovery workers do, with the person)"));
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        // The council and organisation come from the referring worker's own record (db/schema/tenancy/referral_tenancy.sql).
        private const string Insert = """
            INSERT INTO sds.referrals (id, council_id, name, date_of_birth, email, mobile, would_like, agrees_to_contact, referred_by_id, referred_by)
            VALUES (@Id, @CouncilId, @Name, @DateOfBirth, @Email, @Mobile, @WouldLike, @AgreesToContact, @ById, @By)
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            // What it says about the person is sealed with a key of the referral's own (there is no person, so no person's key, yet).
            string? Sealed(string what, string? text) => text is null ? null : personKeys.SealForNewReferral(id, what, text);
            var mobile = SignInAddress.MobileDigits(c.Mobile);
            await session.Connection.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = id,
                c.Actor.CouncilId,
                Name = Sealed("name", c.Name.Trim()),
                DateOfBirth = c.DateOfBirth.ToDateOnly(),
                Email = Sealed("email", string.IsNullOrWhiteSpace(c.Email) ? null : c.Email.Trim()),
                Mobile = Sealed("mobile", mobile),
                WouldLike = Sealed("would-like", c.WouldLike.Trim()),
                AgreesToContact = c.AgreesToContact!.Value,
                ById = c.Actor.Id,
                By = audit.ActorName ?? c.Actor.Name,
            }, session.Transaction, cancellationToken: ct));
            await personKeys.StoreReferralKeyAsync(id, ct);
            // Nothing about the person in the audit detail: it names the referral, whose record says the rest.
            audit.Detail = $"self-referral {id} started{(c.AgreesToContact!.Value ? "" : "; the person does not agree to be contacted")}";
            return id;
        }
    }
}
