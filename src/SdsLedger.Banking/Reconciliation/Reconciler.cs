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
/// while another was free). Records are indexed by amount and date, so a line looks only at its own few candidates.
/// </summary>
public static class Reconciler
{
    public static ReconciliationResult Reconcile(IReadOnlyList<BankItem> bank, IReadOnlyList<LedgerItem> ledger, MatchRules rules)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(rules);

        var byAmount = new Dictionary<long, List<int>>();
        for (var i = 0; i < ledger.Count; i++)
        {
            if (!byAmount.TryGetValue(ledger[i].Amount.Pence, out var list)) byAmount[ledger[i].Amount.Pence] = list = [];
            list.Add(i);
        }
        foreach (var list in byAmount.Values) list.Sort((a, b) => ledger[a].Date.CompareTo(ledger[b].Date) is var c && c != 0 ? c : a.CompareTo(b));

        var ledgerWords = new string[ledger.Count][];
        var taken = new bool[ledger.Count];
        var matched = new List<Match>();
        var bankOnly = new List<BankItem>();
        foreach (var line in bank.OrderBy(b => b.Date).ThenBy(b => b.Id, StringComparer.Ordinal))
        {
            var found = -1;
            if (byAmount.TryGetValue(line.Amount.Pence, out var candidates))
            {
                var earliest = line.Date.PlusDays(-rules.WindowDays);
                var latest = line.Date.PlusDays(rules.WindowDays);
                var lineWords = Words.Of(line.Text);
                for (var k = FirstOnOrAfter(candidates, ledger, earliest); k < candidates.Count; k++)
                {
                    var i = candidates[k];
                    if (ledger[i].Date > latest) break;
                    if (taken[i]) continue;
                    ledgerWords[i] ??= Words.Of(ledger[i].Payee);
                    if (Words.Similarity(ledgerWords[i], lineWords) < rules.PayeeSimilarity) continue;
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
            matched.Add(new Match(line, ledger[found], Math.Abs(Period.Between(line.Date, ledger[found].Date, PeriodUnits.Days).Days)));
        }
        var ledgerOnly = ledger.Where((_, i) => !taken[i]).OrderBy(l => l.Date).ThenBy(l => l.Id, StringComparer.Ordinal).ToList();
        return new ReconciliationResult(matched, bankOnly, ledgerOnly);
    }

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
