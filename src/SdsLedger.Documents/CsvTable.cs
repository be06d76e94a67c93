using System.Globalization;
using CsvHelper;

namespace SdsLedger.Documents;

/// <summary>Writes a header row and data rows with CsvHelper, quoting as RFC 4180 needs.</summary>
public static class CsvTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var name in header) csv.WriteField(name);
        csv.NextRecord();
        foreach (var row in rows)
        {
            if (row.Count != header.Count)
                throw new ArgumentException($"A CSV row has {row.Count} fields but the header has {header.Count}.", nameof(rows));
            foreach (var field in row) csv.WriteField(field);
            csv.NextRecord();
        }
        csv.Flush();
    }
}
