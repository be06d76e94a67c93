using SdsLedger.Banking.Payments;
using SdsLedger.Features.Payments;

namespace SdsLedger.Documents.Banking;

/// <summary>
/// Writes a payment run's files to a folder: the pain.001 XML and the Bacs Standard 18 file for the council's bank, and a
/// remittance advice per payee as PDF and CSV. Names carry the run date and the payment's position, never a person's
/// name; each file is written beside its final name and moved over it, so a reader never sees half a file.
/// </summary>
public static class PaymentFileSet
{
    public static IReadOnlyList<(string Path, int? Pages)> Write(PaymentFiles files, string folder)
    {
        ArgumentNullException.ThrowIfNull(files);
        Directory.CreateDirectory(folder);
        var day = files.Batch.PaymentDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var written = new List<(string, int?)>
        {
            (Save(Path.Combine(folder, $"payments-{day}.pain001.xml"), s => Pain001Writer.Write(files.Batch, s)), null),
            (Save(Path.Combine(folder, $"payments-{day}.bacs18.txt"), s => BacsStandard18Writer.Write(files.Batch, s)), null),
        };
        foreach (var advice in files.Remittances)
        {
            int? pages = null;
            var pdf = Save(Path.Combine(folder, $"remittance-{day}-{advice.Position:000}.pdf"), s => pages = RemittanceAdviceDocument.WritePdf(advice, s));
            written.Add((pdf, pages));
            written.Add((Save(Path.Combine(folder, $"remittance-{day}-{advice.Position:000}.csv"), s =>
            {
                using var writer = new StreamWriter(s, leaveOpen: true);
                RemittanceAdviceDocument.WriteCsv(advice, writer);
            }), null));
        }
        return written;
    }

    private static string Save(string path, Action<Stream> write)
    {
        var partial = path + ".partial";
        using (var file = File.Create(partial)) write(file);
        File.Move(partial, path, overwrite: true);
        return path;
    }
}
