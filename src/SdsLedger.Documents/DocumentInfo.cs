using NodaTime;

namespace SdsLedger.Documents;

/// <summary>What the PDF says about itself; the title is also printed at the top of every page.</summary>
/// <param name="Author">The council that issues the document.</param>
public sealed record DocumentInfo(string Title, string Author, string Subject)
{
    /// <summary>When the document was made; left out of the PDF when null. (The PDF's document id, which Skia makes from the time it is written, differs each time all the same.)</summary>
    public Instant? Created { get; init; }

    /// <summary>The language of the text (the PDF catalog's /Lang), so that screen readers pronounce it right.</summary>
    public string Language { get; init; } = "en-GB";
}
