using CsCheck;
using SdsLedger.Domain;
using SdsLedger.Ledger;

namespace SdsLedger.Tests.Ledger;

/// <summary>
/// Random sequences of transfers, holds, captures, releases, reversals and reused idempotency keys run against
/// the real ledger and against a small in-memory model; after every step the balances, pending amounts and
/// answers agree, and after every sequence the audit passes.
/// </summary>
public sealed class LedgerModelProperties(LedgerScenario s) : IClassFixture<LedgerScenario>
{
    private abstract record Op;
    private sealed record Transfer(int From, int To, long Pence, int Key) : Op;
    private sealed record Hold(int Account, long Pence, int Key) : Op;
    private sealed record Capture(int HoldIndex, int Percent, int To) : Op;
    private sealed record Release(int HoldIndex) : Op;
    private sealed record Reverse(int EntryIndex) : Op;

    // Account 0 is council funding (may go negative); 1 to 3 may not.
    private static readonly Gen<Op> AnyOp = Gen.OneOf<Op>(
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Long[1, 6_000], Gen.Int[0, 8], (f, t, p, k) => new Transfer(f, t, p, k)),
        Gen.Select(Gen.Int[1, 3], Gen.Long[1, 4_000], Gen.Int[0, 4], (a, p, k) => new Hold(a, p, k)),
        Gen.Select(Gen.Int[0, 5], Gen.Int[1, 100], Gen.Int[0, 3], (h, pc, t) => new Capture(h, pc, t)),
        Gen.Int[0, 5].Select(h => (Op)new Release(h)),
        Gen.Int[0, 10].Select(e => (Op)new Reverse(e)));

    [Fact]
    public async Task Any_sequence_of_ledger_operations_matches_the_model_and_passes_the_audit()
    {
        await AnyOp.Array[1, 30].SampleAsync(async ops => await Run(ops), iter: 30, threads: 1,
            print: ops => string.Join("\n", ops.Select(o => o.ToString())));
    }

    private async Task Run(Op[] ops)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var accounts = new[] { await s.Funding(), await s.Account(), await s.Account(), await s.Account() };
        var model = new Model();

        foreach (var op in ops)
        {
            switch (op)
            {
                case Transfer t when t.From != t.To:
                {
                    var key = $"{run}/t{t.Key}";
                    var request = LedgerScenario.Transfer(accounts[t.From], accounts[t.To], Money.FromPence(t.Pence), key, EntryKind.Transfer);
                    var actual = await s.Ledger.PostAsync(request);
                    actual.Status.Should().Be(model.Transfer(key, t.From, t.To, t.Pence), op.ToString());
                    if (actual.Status == PostStatus.Posted) model.Entries.Add((actual.EntryId!.Value, [(t.From, -t.Pence), (t.To, t.Pence)]));
                    break;
                }
                case Hold h:
                {
                    var key = $"{run}/h{h.Key}";
                    var actual = await s.Ledger.PlaceHoldAsync(accounts[h.Account], Money.FromPence(h.Pence), "tester", $"hold {h.Pence}", key);
                    actual.Status.Should().Be(model.Hold(key, h.Account, h.Pence), op.ToString());
                    if (actual.Status == HoldStatus.Placed) model.Holds.Add((actual.HoldId!.Value, h.Account, h.Pence, true));
                    break;
                }
                case Capture c when c.HoldIndex < model.Holds.Count && model.Holds[c.HoldIndex].Account != c.To:
                {
                    var hold = model.Holds[c.HoldIndex];
                    var pence = Math.Max(1, hold.Pence * c.Percent / 100);
                    var request = LedgerScenario.Transfer(accounts[hold.Account], accounts[c.To], Money.FromPence(pence), $"{run}/c{Guid.NewGuid():N}", EntryKind.Capture)
                        with { CapturesHold = hold.Id };
                    var actual = await s.Ledger.PostAsync(request);
                    actual.Status.Should().Be(model.Capture(c.HoldIndex, c.To, pence), op.ToString());
                    if (actual.Status == PostStatus.Posted) model.Entries.Add((actual.EntryId!.Value, [(hold.Account, -pence), (c.To, pence)]));
                    break;
                }
                case Release r when r.HoldIndex < model.Holds.Count:
                {
                    var actual = await s.Ledger.ReleaseHoldAsync(model.Holds[r.HoldIndex].Id);
                    actual.Should().Be(model.Release(r.HoldIndex), op.ToString());
                    break;
                }
                case Reverse v when v.EntryIndex < model.Entries.Count:
                {
                    var original = model.Entries[v.EntryIndex];
                    var actual = await s.Ledger.ReverseAsync(original.Id, LedgerScenario.Day(1), "tester", "correction", $"{run}/r{Guid.NewGuid():N}");
                    actual.Status.Should().Be(model.Reverse(v.EntryIndex), op.ToString());
                    if (actual.Status == PostStatus.Posted)
                        model.Entries.Add((actual.EntryId!.Value, original.Legs.Select(l => (l.Account, -l.Pence)).ToArray()));
                    break;
                }
            }

            for (var i = 0; i < accounts.Length; i++)
            {
                var balance = (await s.Queries.BalanceAsync(accounts[i]))!;
                balance.Posted.Pence.Should().Be(model.Posted[i], $"posted on account {i} after {op}");
                balance.Pending.Pence.Should().Be(model.Pending[i], $"pending on account {i} after {op}");
            }
        }

        await s.AuditPasses();
    }

    private sealed class Model
    {
        public long[] Posted { get; } = new long[4];
        public long[] Pending { get; } = new long[4];
        public List<(EntryId Id, (int Account, long Pence)[] Legs)> Entries { get; } = [];
        public List<(HoldId Id, int Account, long Pence, bool Open)> Holds { get; } = [];
        private readonly Dictionary<string, string> _transferKeys = [];
        private readonly Dictionary<string, string> _holdKeys = [];
        private readonly HashSet<int> _reversed = [];

        private long Available(int account) => Posted[account] - Pending[account];
        private static bool MayGoNegative(int account) => account == 0;

        public PostStatus Transfer(string key, int from, int to, long pence)
        {
            var request = $"{from}>{to}:{pence}";
            if (_transferKeys.TryGetValue(key, out var earlier)) return earlier == request ? PostStatus.Duplicate : PostStatus.Conflict;
            if (!MayGoNegative(from) && Available(from) < pence) return PostStatus.InsufficientFunds;
            _transferKeys[key] = request;
            Posted[from] -= pence;
            Posted[to] += pence;
            return PostStatus.Posted;
        }

        public HoldStatus Hold(string key, int account, long pence)
        {
            var request = $"{account}:{pence}";
            if (_holdKeys.TryGetValue(key, out var earlier)) return earlier == request ? HoldStatus.Duplicate : HoldStatus.Conflict;
            if (Available(account) < pence) return HoldStatus.InsufficientFunds;
            _holdKeys[key] = request;
            Pending[account] += pence;
            return HoldStatus.Placed;
        }

        public PostStatus Capture(int index, int to, long pence)
        {
            var hold = Holds[index];
            if (!hold.Open) return PostStatus.HoldNotOpen;
            Holds[index] = hold with { Open = false };
            Pending[hold.Account] -= hold.Pence;
            Posted[hold.Account] -= pence;
            Posted[to] += pence;
            return PostStatus.Posted;
        }

        public ReleaseStatus Release(int index)
        {
            var hold = Holds[index];
            if (!hold.Open) return ReleaseStatus.NotOpen;
            Holds[index] = hold with { Open = false };
            Pending[hold.Account] -= hold.Pence;
            return ReleaseStatus.Released;
        }

        public PostStatus Reverse(int index)
        {
            if (_reversed.Contains(index)) return PostStatus.AlreadyReversed;
            var legs = Entries[index].Legs;
            foreach (var (account, pence) in legs)
                if (pence > 0 && !MayGoNegative(account) && Available(account) < pence) return PostStatus.InsufficientFunds;
            _reversed.Add(index);
            foreach (var (account, pence) in legs) Posted[account] -= pence;
            return PostStatus.Posted;
        }
    }
}
