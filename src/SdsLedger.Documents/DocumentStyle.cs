namespace SdsLedger.Documents;

/// <summary>Text sizes and spacing of a document: standard print, large print or Easy Read.</summary>
public sealed class DocumentStyle
{
    /// <summary>14 pt body text.</summary>
    public static DocumentStyle Standard { get; } = new(bodySize: 14, lineSpacing: 1.4f, subheadingSize: 17, headingSize: 21);

    /// <summary>18 pt body text with more space between lines.</summary>
    public static DocumentStyle LargePrint { get; } = new(bodySize: 18, lineSpacing: 1.55f, subheadingSize: 22, headingSize: 27);

    /// <summary>16 pt body text with generous space between lines and larger headings, as Easy Read guidance asks.</summary>
    public static DocumentStyle EasyRead { get; } = new(bodySize: 16, lineSpacing: 1.6f, subheadingSize: 20, headingSize: 24);

    private DocumentStyle(float bodySize, float lineSpacing, float subheadingSize, float headingSize)
    {
        BodySize = bodySize;
        LineSpacing = lineSpacing;
        SubheadingSize = subheadingSize;
        HeadingSize = headingSize;
    }

    /// <summary>Size in points of body text; no text in the document is smaller.</summary>
    public float BodySize { get; }

    internal float LineSpacing { get; }
    internal float SubheadingSize { get; }
    internal float HeadingSize { get; }

    /// <summary>Height of one line of body text, baseline to baseline.</summary>
    public float BodyLine => BodySize * LineSpacing;
}
