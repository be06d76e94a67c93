using System.Globalization;
using System.Text;
using NodaTime;

namespace SdsLedger.Banking.Payments;

/// <summary>
/// Writes a payment batch as a Bacs Standard 18 file for a single processing day: the VOL1, HDR1, HDR2 and UHL1
/// labels (80 characters each), one 100-character direct credit record (transaction code 99) per payee, one contra
/// record (17) taking the total from the council's account, and the EOF1, EOF2 and UTL1 labels. Every field is
/// written at its published position and width (<see cref="Layout"/>); text is the upper-case character set Bacs
/// accepts. Lines end with CR LF.
/// </summary>
public static class BacsStandard18Writer
{
    /// <summary>A field of a record: its name, first position (from 1) and width.</summary>
    public sealed record Field(string Name, int Start, int Width);

    /// <summary>Every record's fields, in order, as the writer lays them out (and the tests read them back).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Field>> Layout = new Dictionary<string, IReadOnlyList<Field>>
    {
        ["VOL1"] =
        [
            new("label", 1, 4), new("volume serial number", 5, 6), new("accessibility", 11, 1), new("reserved", 12, 26),
            new("owner identification: reserved", 38, 4), new("owner identification: service user number", 42, 6), new("owner identification: reserved", 48, 4),
            new("reserved", 52, 28), new("label standard level", 80, 1),
        ],
        ["HDR1"] =
        [
            new("label", 1, 4), new("file identifier", 5, 17), new("set identification", 22, 6), new("file section number", 28, 4),
            new("file sequence number", 32, 4), new("generation number", 36, 4), new("generation version number", 40, 2),
            new("creation date", 42, 6), new("expiration date", 48, 6), new("accessibility", 54, 1), new("block count", 55, 6),
            new("system code", 61, 13), new("reserved", 74, 7),
        ],
        ["HDR2"] =
        [
            new("label", 1, 4), new("record format", 5, 1), new("block length", 6, 5), new("record length", 11, 5), new("reserved", 16, 35),
            new("buffer offset", 51, 2), new("reserved", 53, 28),
        ],
        ["UHL1"] =
        [
            new("label", 1, 4), new("processing day", 5, 6), new("receiving party identification", 11, 10), new("currency code", 21, 2),
            new("country code", 23, 6), new("work code", 29, 9), new("file number", 38, 3), new("reserved", 41, 7),
            new("audit print identifier", 48, 7), new("reserved", 55, 26),
        ],
        ["DATA"] =
        [
            new("destination sort code", 1, 6), new("destination account number", 7, 8), new("destination account type", 15, 1),
            new("transaction code", 16, 2), new("originating sort code", 18, 6), new("originating account number", 24, 8),
            new("free format", 32, 4), new("amount in pence", 36, 11), new("service user name", 47, 18), new("service user reference", 65, 18),
            new("destination account name", 83, 18),
        ],
        ["UTL1"] =
        [
            new("label", 1, 4), new("debit value total", 5, 13), new("credit value total", 18, 13), new("debit item count", 31, 7),
            new("credit item count", 38, 7), new("reserved", 45, 36),
        ],
    };

    public const string DirectCredit = "99";
    public const string Contra = "17";

    public static void Write(PaymentBatch batch, Stream output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        if (batch.Payments.Count == 0) throw new ArgumentException("A payment file needs at least one payment.", nameof(batch));
        var sun = batch.Originator.ServiceUserNumber;
        if (sun.Length != 6 || !sun.All(char.IsAsciiLetterOrDigit)) throw new ArgumentException("A Bacs service user number is six letters or digits.", nameof(batch));
        var created = Julian(batch.CreatedAt.Date);
        var processing = Julian(batch.PaymentDate);
        var serial = Numeric(batch.CreatedAt.Date.DayOfYear, 6);
        var origin = batch.Originator;
        var total = batch.Total.Pence;
        if (total >= 10_000_000_000_00) throw new ArgumentException("The batch's total does not fit a Bacs file.", nameof(batch));

        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n" };
        var fileId = $"A{sun}S  {sun}";
        writer.WriteLine(Record("VOL1", "VOL1", serial, " ", "", "", sun, "", "", "1"));
        writer.WriteLine(Record("HDR1", "HDR1", fileId, serial, "0001", "0001", "", "", created, created, " ", "000000", "", ""));
        writer.WriteLine(Record("HDR2", "HDR2", "F", "02000", "00100", "", "00", ""));
        writer.WriteLine(Record("UHL1", "UHL1", processing, "999999", "00", "000000", "1 DAILY", "001", "", "", ""));
        foreach (var p in batch.Payments)
        {
            writer.WriteLine(Record("DATA", p.Account.SortCode, p.Account.AccountNumber, "0", DirectCredit, origin.Account.SortCode, origin.Account.AccountNumber,
                "", Numeric(p.Amount.Pence, 11), BankText.Bacs(origin.Name, 18), BankText.Bacs(p.Reference, 18), BankText.Bacs(p.PayeeName, 18)));
        }
        writer.WriteLine(Record("DATA", origin.Account.SortCode, origin.Account.AccountNumber, "0", Contra, origin.Account.SortCode, origin.Account.AccountNumber,
            "", Numeric(total, 11), BankText.Bacs(origin.Name, 18), "CONTRA", BankText.Bacs(origin.Name, 18)));
        writer.WriteLine(Record("HDR1", "EOF1", fileId, serial, "0001", "0001", "", "", created, created, " ", "000000", "", ""));
        writer.WriteLine(Record("HDR2", "EOF2", "F", "02000", "00100", "", "00", ""));
        writer.WriteLine(Record("UTL1", "UTL1", Numeric(total, 13), Numeric(total, 13), Numeric(1, 7), Numeric(batch.Payments.Count, 7), ""));
    }

    /// <summary>Lays the values out at their fields' positions, each padded with spaces to its width; a value too wide is a bug.</summary>
    private static string Record(string layout, params string[] values)
    {
        var fields = Layout[layout];
        if (values.Length != fields.Count) throw new InvalidOperationException($"{layout} has {fields.Count} fields, not {values.Length}.");
        var line = new StringBuilder(fields[^1].Start + fields[^1].Width - 1);
        for (var i = 0; i < fields.Count; i++)
        {
            if (values[i].Length > fields[i].Width)
                throw new InvalidOperationException($"{layout} {fields[i].Name}: '{values[i]}' is wider than {fields[i].Width}.");
            line.Append(values[i].PadRight(fields[i].Width));
        }
        return line.ToString();
    }

    /// <summary>A day as Bacs writes it: a space, the year's last two digits and the day of the year (" 26300").</summary>
    private static string Julian(LocalDate date) =>
        " " + (date.Year % 100).ToString("00", CultureInfo.InvariantCulture) + date.DayOfYear.ToString("000", CultureInfo.InvariantCulture);

    private static string Numeric(long value, int width) => value.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
}
