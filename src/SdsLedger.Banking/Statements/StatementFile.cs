namespace SdsLedger.Banking.Statements;

/// <summary>Reads a statement file of any format SdsLedger knows, telling them apart by their content rather than their name.</summary>
public static class StatementFile
{
    /// <summary>The statement, and in words what it was read as (camt.053.001.02, OFX 1.x, a Lloyds export …).</summary>
    public static (BankStatement Statement, string ReadAs) Read(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0) throw new StatementFormatException("line 1", "the file is empty");
        var head = System.Text.Encoding.Latin1.GetString(content, 0, Math.Min(content.Length, 4096));
        if (head.Contains("OFXHEADER", StringComparison.Ordinal) || head.Contains("<OFX>", StringComparison.OrdinalIgnoreCase))
        {
            var ofx = OfxReader.Read(new MemoryStream(content));
            return (ofx, head.Contains("OFXHEADER:", StringComparison.Ordinal) ? "OFX 1.x (SGML)" : "OFX 2.x (XML)");
        }
        if (head.TrimStart('\uFEFF', ' ', '\r', '\n', '\t', 'ï', '»', '¿').StartsWith('<'))
        {
            var camt = Camt053Reader.Read(new MemoryStream(content));
            var version = Camt053Reader.Versions.First(v => head.Contains(v, StringComparison.Ordinal));
            return (camt, version);
        }
        var (csv, profile) = CsvStatementReader.Read(new MemoryStream(content));
        return (csv, profile);
    }
}
