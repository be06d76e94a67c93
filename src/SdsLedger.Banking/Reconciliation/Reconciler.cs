using NodaTime;
using SdsLedger.Domain;

namespace SdsLedger.Banking.Reconciliation;

/// <summary>
/// A record in the ledger that money should have moved for, seen from the bank account's side: an instalment paid into
/// a holder's account is positive, a spend from it negative. Payee is who the money went to or came from (with any
/// reference the bank line would carry).
/// </summary>
public sealed record LedgerItem(string Id, LocalDate Date, Money Amount, string Payee);

/// <summary>A line of a bank or card statement, as the matcher needs it.</summary>
public sealed record BankItem(string Id, LocalDate Date, Money Amount, string Text);

/// <summary>How close a bank line and a record must be: amounts exactly equal, dates within the council's window, payee similar.</summary>
public sealed record MatchRules(int WindowDays, double PayeeSimilarity = 0.5)
{
    public static MatchRules Default { get; } = new(5);
}

public sealed record Match(BankItem Bank, LedgerItem Ledger, int DaysApart);

/// <summary>
/// What a reconciliation found: pairs of bank line and record, bank lines with no record (money that moved with no
/// record of why) and records with no bank line (records of money that did not move).
/// </summary>
public sealed record ReconciliationResult(IReadOnlyList<Match> Matched, IReadOnlyList<BankItem> BankOnly, IReadOnlyList<LedgerItem> LedgerOnly);

/// <summary>
/// Matches bank lines to ledger records one to one. Candidates share the exact amount, lie within the window and have a
/// similar payee. Bank lines are taken oldest first and each takes the oldest record it can: with windows of one width,
/// that pairs as many lines as any pairing could (no line is left unmatched because an earlier one took its record
/// while another was free). Records are indexed by amount, payee word and date, so a line looks only at its own few candidates.
/// </summary>
public static class Reconciler
{
    public static ReconciliationResult Reconcile(IReadOnlyList<BankItem> bank, IReadOnlyList<LedgerItem> ledger, MatchRules rules)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(rules);

        // Records by amount and by the first three letters of each word of their payee: a record similar to a line shares
        // one with it, so a line looks only at records of its amount that share a word's start with it. (With no payee
        // needed, by amount alone.)
        var byPayee = rules.PayeeSimilarity > 0;
        var ledgerWords = new string[ledger.Count][];
        var index = new Dictionary<(long Amount, long Start), List<int>>();
        for (var i = 0; i < ledger.Count; i++)
        {
            var starts = byPayee ? Words.Starts(ledger[i].Payee) : [];
            foreach (var start in starts.Length > 0 ? starts : [AnyPayee])
            {
                if (!index.TryGetValue((ledger[i].Amount.Pence, start), out var list)) index[(ledger[i].Amount.Pence, start)] = list = [];
                list.Add(i);
            }
        }
        foreach (var list in index.Values) list.Sort((a, b) => ledger[a].Date.CompareTo(ledger[b].Date) is var c && c != 0 ? c : a.CompareTo(b));

        var taken = new bool[ledger.Count];
        var matched = new List<Match>();
        var bankOnly = new List<BankItem>();
        foreach (var line in bank.OrderBy(b => b.Date))
        {
            var earliest = line.Date.PlusDays(-rules.WindowDays);
            var latest = line.Date.PlusDays(rules.WindowDays);
            string[]? lineWords = null;
            var found = -1;
            // The oldest record that will do, over every list the line's words lead to (and records with no payee, which suit any line).
            foreach (var start in byPayee ? [.. Words.Starts(line.Text), AnyPayee] : new[] { AnyPayee })
            {
                if (!index.TryGetValue((line.Amount.Pence, start), out var candidates)) continue;
                for (var k = FirstOnOrAfter(candidates, ledger, earliest); k < candidates.Count; k++)
                {
                    var i = candidates[k];
                    if (ledger[i].Date > latest || (found >= 0 && Before(ledger, found, i))) break;
                    if (taken[i] || Words.Similarity(ledgerWords[i] ??= Words.Of(ledger[i].Payee), lineWords ??= Words.Of(line.Text)) < rules.PayeeSimilarity) continue;
                    found = i;
                    break;
                }
            }
            if (found < 0)
            {
                bankOnly.Add(line);
                continue;
            }
            taken[found] = true;
            matched.Add(new Match(line, ledger[found], Math.Abs(Period.DaysBetween(line.Date, ledger[found].Date))));
        }
        // Stable: records of one day keep their order in the ledger.
        var ledgerOnly = ledger.Where((_, i) => !taken[i]).OrderBy(l => l.Date).ToList();
        return new ReconciliationResult(matched, bankOnly, ledgerOnly);
    }

    /// <summary>Whether record a comes before record b: by date, then by its place in the ledger.</summary>
    private static bool Before(IReadOnlyList<LedgerItem> ledger, int a, int b) =>
        ledger[a].Date.CompareTo(ledger[b].Date) is var c && c != 0 ? c < 0 : a < b;

    /// <summary>The index key of records with no payee (which suit any line), and of every record when payees need not be similar.</summary>
    private const long AnyPayee = -1;

    private static int FirstOnOrAfter(List<int> candidates, IReadOnlyList<LedgerItem> ledger, LocalDate date)
    {
        int lo = 0, hi = candidates.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (ledger[candidates[mid]].Date < date) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}

/// <summary>
/// Payee similarity as a bank line shows it: upper case, cut short, with extra words ("CARD PAYMENT TO TESCO STORES 3234").
/// The share of the record's words (two letters or more) found in the line, where a word matches one that starts with it
/// or that it starts with (at least three letters), so "Kirkton Leisure Centre" is found in "KIRKTON LEISURE CEN".
/// </summary>
public static class Words
{
    public static string[] Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var upper = text.ToUpperInvariant();
        var start = -1;
        for (var i = 0; i <= upper.Length; i++)
        {
            var boundary = i == upper.Length || !char.IsLetterOrDigit(upper[i]);
            if (!boundary && start < 0) start = i;
            else if (boundary && start >= 0)
            {
                if (i - start >= 2) words.Add(upper[start..i]);
                start = -1;
            }
        }
        return words.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The start of each word (its first three letters, or a two-letter word whole), packed in a number, once each: two
    /// words that match share their start, so these are what the reconciler indexes records by.
    /// </summary>
    public static long[] Starts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var starts = new List<long>(4);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i])) i++;
            var begin = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i])) i++;
            var length = i - begin;
            if (length < 2) continue;
            long packed = Math.Min(length, 3);
            for (var k = 0; k < Math.Min(length, 3); k++) packed = (packed << 16) | char.ToUpperInvariant(text[begin + k]);
            if (!starts.Contains(packed)) starts.Add(packed);
        }
        return [.. starts];
    }

    public static double Similarity(string[] record, string[] line)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(line);
        if (record.Length == 0) return 1;
        var found = 0;
        foreach (var word in record)
        {
            foreach (var other in line)
            {
                if (word == other || (Math.Min(word.Length, other.Length) >= 3 && (word.StartsWith(other, StringComparison.Ordinal) || other.StartsWith(word, StringComparison.Ordinal))))
                {
                    found++;
                    break;
                }
            }
        }
        return (double)found / record.Length;
    }
}
