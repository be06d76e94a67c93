namespace SdsLedger.Documents;

public enum TextAlignment
{
    Left,

    /// <summary>For amounts, so that pounds and pence line up.</summary>
    Right,
}
