namespace SdsLedger.Domain.Spending;

/// <summary>
/// An excluded purpose and what means it: words and phrases in a spend's payee or description, and the merchant category
/// codes a card platform reports (ISO 18245).
/// </summary>
public sealed record ExcludedPurpose(string Name, IReadOnlyList<string> Terms, IReadOnlyList<string> MerchantCodes);

/// <summary>The terms SdsLedger ships for the usual excluded purposes; a council adds its own to these.</summary>
public static class ExcludedPurposes
{
    public static IReadOnlyDictionary<string, ExcludedPurpose> Defaults { get; } = new[]
    {
        new ExcludedPurpose("alcohol",
            ["alcohol", "wine", "beer", "lager", "cider", "ale", "spirits", "vodka", "whisky", "whiskey", "gin", "rum", "prosecco", "champagne",
             "off licence", "offy", "pub", "bar", "brewery", "liquor"],
            ["5813", "5921"]),
        new ExcludedPurpose("gambling",
            ["gambling", "bet", "betting", "bookmaker", "bookie", "casino", "lottery", "scratchcard", "scratch card", "poker", "bingo", "slots",
             "william hill", "ladbrokes", "coral", "paddy power", "betfred", "bet365", "sky bet", "betway", "grosvenor casino"],
            ["7800", "7801", "7802", "7995"]),
        new ExcludedPurpose("tobacco", ["tobacco", "cigarette", "cigar", "rolling tobacco"], ["5993"]),
        new ExcludedPurpose("illegal", ["illegal"], []),
        new ExcludedPurpose("investments", ["investment", "shares", "stocks", "bitcoin", "crypto", "cryptocurrency", "premium bonds"], ["6211"]),
        new ExcludedPurpose("nhs-provided", ["prescription"], []),
    }.ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>
    /// A council's excluded purpose: its own name as words ("vapes", "nhs provided"), the shipped terms and codes (if it is one
    /// of the usual ones) and the council's own.
    /// </summary>
    public static ExcludedPurpose For(string name, IEnumerable<string> councilTerms, IEnumerable<string> councilCodes)
    {
        var shipped = Defaults.TryGetValue(name, out var d) ? d : new ExcludedPurpose(name, [], []);
        return new ExcludedPurpose(name, shipped.Terms.Prepend(name.Replace('-', ' ')).Concat(councilTerms).Distinct().ToList(),
            shipped.MerchantCodes.Concat(councilCodes).Distinct().ToList());
    }
}
