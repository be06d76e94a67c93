using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Spending;

/// <summary>The kinds of file a receipt or invoice may be, told by the file's first bytes, never by its name.</summary>
public static class EvidenceFile
{
    public const int MaxBytes = 10 * 1024 * 1024;

    public const string Help = "Attach a receipt or invoice as a PDF, JPEG or PNG file of at most 10 MB.";

    /// <summary>The file's media type from its first bytes (a PDF, JPEG or PNG signature); null for anything else.</summary>
    public static string? MediaType(ReadOnlySpan<byte> content) =>
        content.StartsWith("%PDF-"u8) ? "application/pdf"
        : content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : null;
}

/// <summary>
/// Attaches a receipt or invoice to a recorded spend: whoever may see the spend and record spending from its part (its
/// holder, the council's staff, the person) attaches it; the file is kept in the database with the spend's tenancy.
/// </summary>
public static class AttachEvidence
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid EntryId, string FileName, byte[] Content) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.FileName).Text("file's name", 200);
            RuleFor(c => c.Content).NotNull().Must(c => c is null || c.Length is > 0 and <= EvidenceFile.MaxBytes)
                .WithMessage(c => c.Content is { Length: > 0 } ? "The file is larger than 10 MB. " + EvidenceFile.Help : "The file is empty. " + EvidenceFile.Help)
                .Must(c => c is null || c.Length == 0 || EvidenceFile.MediaType(c) is not null)
                .WithMessage("The file is not a PDF, JPEG or PNG (whatever its name says). " + EvidenceFile.Help);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        private const string PartOf = "SELECT part_id FROM sds.spends WHERE entry_id = @EntryId";

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var part = await session.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(PartOf, new { c.EntryId }, cancellationToken: ct));
            var scope = part is { } p ? await Scope.ForPartAsync(session, p, audit, ct) : null;
            if (scope is null || !Scope.CanSee(c.Actor, scope)) return Scope.NotFound("That spend");
            return c.Actor.Role is Role.Auditor or Role.RecoveryWorker ? Scope.RoleCannot(c.Actor, "attach a receipt or invoice to a spend") : null;
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<Guid>>
    {
        // The spend's own row gives the part: row-level security shows it only to whoever may see it.
        private const string Insert = """
            INSERT INTO sds.spend_evidence (id, entry_id, part_id, file_name, media_type, content, uploaded_by_id, uploaded_by)
            SELECT @Id, s.entry_id, s.part_id, @FileName, @MediaType, @Content, @ById, @By FROM sds.spends s WHERE s.entry_id = @EntryId
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            var mediaType = EvidenceFile.MediaType(c.Content)!;
            var written = await session.Connection.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = id, c.EntryId, FileName = c.FileName.Trim(), MediaType = mediaType, c.Content, ById = c.Actor.Id, By = c.Actor.Name,
            }, cancellationToken: ct));
            if (written == 0) return Result<Guid>.Refused(Scope.NotFound("That spend"));
            audit.Detail = $"{mediaType} of {c.Content.Length} bytes attached to spend {c.EntryId}";
            return id;
        }
    }
}
