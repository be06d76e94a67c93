namespace SdsLedger.Documents;

/// <summary>Which way up an A4 page is: portrait for letters and statements, landscape for wide report tables.</summary>
public enum PageOrientation
{
    Portrait,
    Landscape,
}
