using CsCheck;
using NodaTime;
using SdsLedger.Banking.Reconciliation;
using SdsLedger.Domain;

namespace SdsLedger.Banking.Tests;

/// <summary>
/// Random ledgers, and statements made from them as a bank would print them (upper case, cut short, a day or two
/// late), with some lines taken away and some added: reconciliation finds exactly the lines taken away (records with
/// no money) and exactly the lines added (money with no record).
/// </summary>
public sealed class ReconcilerProperties
{
    private static readonly string[] Payees =
    [
        "Kirkton Leisure Centre", "Tesco Stores", "Harbour Care and Support", "Men's Shed Kirkton", "Community Cafe", "Kirkton Taxis",
        "Boots Pharmacy", "Fife Buses", "Argos", "Ailsa MacLeod", "Morag Robertson", "New Leaf Recovery",
    ];

    private static readonly LocalDate Start = new(2026, 10, 1);
    private static readonly MatchRules Rules = new(WindowDays: 3);

    private sealed record Case(List<LedgerItem> Ledger, List<BankItem> Statement, List<LedgerItem> Removed, List<BankItem> Added);

    private static readonly Gen<LedgerItem> Record =
        Gen.Select(Gen.Int[0, 60], Gen.Int[-40_000, 60_000].Where(p => p != 0), Gen.Int[0, Payees.Length - 1])
            .Select((day, pence, payee) => new LedgerItem("", Start.PlusDays(day), Money.FromPence(pence), Payees[payee]));

    // Money nobody recorded: a payee the ledger never names.
    private static readonly Gen<BankItem> Unrecorded =
        Gen.Select(Gen.Int[0, 60], Gen.Int[-40_000, 60_000].Where(p => p != 0), Gen.String[Gen.Char['Q', 'Z'], 4, 10])
            .Select((day, pence, name) => new BankItem("", Start.PlusDays(day), Money.FromPence(pence), $"CARD PAYMENT {name}"));

    private static readonly Gen<Case> Cases =
        Gen.Select(Record.List[0, 120], Unrecorded.List[0, 15], Gen.Int[0, 1_000_000])
            .Select((records, added, seed) =>
            {
                var random = new Random(seed);
                var ledger = records.Select((r, i) => r with { Id = $"L{i}" }).ToList();
                var removed = new List<LedgerItem>();
                var statement = new List<BankItem>();
                foreach (var r in ledger)
                {
                    if (random.Next(5) == 0)
                    {
                        removed.Add(r);
                        continue;
                    }
                    var shown = r.Payee.ToUpperInvariant();
                    if (shown.Length > 18) shown = shown[..18];
                    statement.Add(new BankItem($"B-{r.Id}", r.Date.PlusDays(random.Next(0, 3)), r.Amount, $"{shown} {random.Next(1000, 9999)}"));
                }
                var extra = added.Select((a, i) => a with { Id = $"X{i}" }).ToList();
                statement.AddRange(extra);
                return new Case(ledger, statement.OrderBy(_ => random.Next()).ToList(), removed, extra);
            });

    [Fact]
    public void Reconciliation_finds_exactly_the_lines_removed_from_and_added_to_a_statement() =>
        Cases.Sample(c =>
        {
            var result = Reconciler.Reconcile(c.Statement, c.Ledger, Rules);
            // Two records of the same payee and amount a few days apart are interchangeable: compare what they are, not which.
            static string Key(LedgerItem l) => $"{l.Payee}|{l.Amount.Pence}";
            var ledgerOnly = result.LedgerOnly.Select(Key).Order().ToList();
            var removed = c.Removed.Select(Key).Order().ToList();
            return ledgerOnly.SequenceEqual(removed)
                   && result.BankOnly.Select(b => b.Id).Order().SequenceEqual(c.Added.Select(a => a.Id).Order())
                   && result.Matched.All(m => m.Bank.Amount == m.Ledger.Amount && m.DaysApart <= Rules.WindowDays);
        }, iter: 500);

    [Fact]
    public void Every_line_and_record_is_in_exactly_one_place() =>
        Cases.Sample(c =>
        {
            var result = Reconciler.Reconcile(c.Statement, c.Ledger, Rules);
            var bank = result.Matched.Select(m => m.Bank.Id).Concat(result.BankOnly.Select(b => b.Id)).ToList();
            var ledger = result.Matched.Select(m => m.Ledger.Id).Concat(result.LedgerOnly.Select(l => l.Id)).ToList();
            return bank.Count == c.Statement.Count && bank.Distinct().Count() == bank.Count
                   && ledger.Count == c.Ledger.Count && ledger.Distinct().Count() == ledger.Count;
        }, iter: 500);

    [Fact]
    public void A_line_outside_the_window_or_of_another_amount_or_payee_does_not_match()
    {
        var record = new LedgerItem("L", Start, Money.FromPounds(-45), "Kirkton Leisure Centre");
        BankItem Line(int days, decimal pounds, string text) => new("B", Start.PlusDays(days), Money.FromPounds(pounds), text);

        Reconciler.Reconcile([Line(3, -45, "KIRKTON LEISURE CEN")], [record], Rules).Matched.Should().ContainSingle();
        Reconciler.Reconcile([Line(4, -45, "KIRKTON LEISURE CEN")], [record], Rules).Matched.Should().BeEmpty("four days is outside a three-day window");
        Reconciler.Reconcile([Line(0, -45.01m, "KIRKTON LEISURE CEN")], [record], Rules).Matched.Should().BeEmpty("amounts match exactly");
        Reconciler.Reconcile([Line(0, 45, "KIRKTON LEISURE CEN")], [record], Rules).Matched.Should().BeEmpty("money in is not money out");
        Reconciler.Reconcile([Line(0, -45, "TESCO STORES 3234")], [record], Rules).Matched.Should().BeEmpty("the payee is not similar");
    }

    [Fact]
    public void Two_equal_payments_a_few_days_apart_each_find_their_own_record()
    {
        // The later line could take the earlier record and leave the earlier line with none; oldest first takes them in turn.
        var records = new[] { new LedgerItem("L1", Start, Money.FromPounds(-12), "Kirkton Taxis"), new LedgerItem("L2", Start.PlusDays(4), Money.FromPounds(-12), "Kirkton Taxis") };
        var lines = new[] { new BankItem("B2", Start.PlusDays(5), Money.FromPounds(-12), "KIRKTON TAXIS"), new BankItem("B1", Start.PlusDays(2), Money.FromPounds(-12), "KIRKTON TAXIS") };

        var result = Reconciler.Reconcile(lines, records, Rules);

        result.Matched.Select(m => (m.Bank.Id, m.Ledger.Id)).Should().BeEquivalentTo([("B1", "L1"), ("B2", "L2")]);
    }
}
