using SdsLedger.Domain.Budgets;

namespace SdsLedger.Features.Shared;

/// <summary>Holder kinds as stored: person, third-party, council, organisation.</summary>
public static class Holders
{
    public static HolderKind Parse(string text) => text switch
    {
        "person" => HolderKind.Person,
        "third-party" => HolderKind.ThirdParty,
        "council" => HolderKind.Council,
        "organisation" => HolderKind.Organisation,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "unknown holder kind"),
    };

    public static string Text(HolderKind kind) => kind switch
    {
        HolderKind.Person => "person",
        HolderKind.ThirdParty => "third-party",
        HolderKind.Council => "council",
        _ => "organisation",
    };
}
