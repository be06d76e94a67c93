using Dapper;
using Npgsql;
using SdsLedger.Domain;
using SdsLedger.Features.Shared;

namespace SdsLedger.Features.Banking;

/// <summary>Whose bank account a statement is of: the council's own, a person's (their direct payment account or prepaid card), or a provider's client account.</summary>
public enum StatementAccountKind
{
    Council,
    Person,
    Organisation,
}

/// <summary>A monitored bank account: its kind, and the person or organisation it belongs to. Its key is how statements and lines are filed.</summary>
public sealed record StatementAccount(StatementAccountKind Kind, Guid? PersonId = null, Guid? OrganisationId = null)
{
    public string Key => Kind switch
    {
        StatementAccountKind.Council => "council",
        StatementAccountKind.Person => $"person:{PersonId}",
        _ => $"organisation:{OrganisationId}",
    };

    public bool IsWellFormed => Kind switch
    {
        StatementAccountKind.Council => PersonId is null && OrganisationId is null,
        StatementAccountKind.Person => PersonId is not null && OrganisationId is null,
        _ => OrganisationId is not null && PersonId is null,
    };

    /// <summary>
    /// Reads what people type for an account: "council", a person's reference (like NT-10201) or a provider's
    /// organisation code (like harbour-care); or says what to type.
    /// </summary>
    public static async Task<(StatementAccount? Account, string? Problem)> FindAsync(NpgsqlConnection conn, Actor actor, string handle, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var text = handle.Trim();
        if (string.Equals(text, "council", StringComparison.OrdinalIgnoreCase)) return (new StatementAccount(StatementAccountKind.Council), null);
        if (await Handles.PersonAsync(conn, actor, text, ct) is { } person) return (new StatementAccount(StatementAccountKind.Person, person.Id), null);
        if (await Handles.OrganisationAsync(conn, actor, text, ct) is { } organisation) return (new StatementAccount(StatementAccountKind.Organisation, OrganisationId: organisation), null);
        return (null, $"'{UkText(text)}' is not an account SdsLedger knows: give 'council' for the council's own account, a person's reference (like NT-10201) " +
                      "for their direct payment account or prepaid card, or a provider's organisation code (like harbour-care) for its client account.");
    }

    /// <summary>Whether the council registered the organisation: a provider it pays.</summary>
    public static Task<bool> OrganisationOfCouncilAsync(NpgsqlConnection conn, Guid councilId, Guid organisationId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM sds.organisations WHERE id = @OrganisationId AND council_id = @CouncilId)",
            new { CouncilId = councilId, OrganisationId = organisationId }, cancellationToken: ct));

    public static Task<bool> PersonOfCouncilAsync(NpgsqlConnection conn, Guid councilId, Guid personId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM sds.people WHERE id = @PersonId AND council_id = @CouncilId)",
            new { CouncilId = councilId, PersonId = personId }, cancellationToken: ct));

    private static string UkText(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
