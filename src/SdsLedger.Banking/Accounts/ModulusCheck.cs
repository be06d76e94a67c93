using System.Globalization;

namespace SdsLedger.Banking.Accounts;

/// <summary>What the modulus check says of a sort code and account number.</summary>
public enum ModulusOutcome
{
    Valid,
    Invalid,

    /// <summary>No rule covers the sort code (or it is a foreign currency account, exception 6): the specification says to presume it valid.</summary>
    NotCheckable,
}

/// <summary>The three check methods of the specification: standard modulus 10 and 11, and double alternate.</summary>
public enum ModulusMethod
{
    Mod10,
    Mod11,
    DoubleAlternate,
}

/// <summary>One row of the modulus weight table (valacdos.txt): a sort code range, its method, the fourteen weights u–h and an exception.</summary>
public sealed record ModulusWeight(int Start, int End, ModulusMethod Method, IReadOnlyList<int> Weights, int Exception);

/// <summary>
/// The Vocalink modulus check ("Validating account identifiers", standard checks 1 to 3: MOD10, MOD11, DBLAL with
/// exceptions 1 to 14), written from the published specification. The weight table and the sort code substitution
/// table are data (valacdos.txt and scsubtab.txt, in Vocalink's own layout), so a newer table replaces the shipped one
/// without a code change.
/// </summary>
public sealed class ModulusCheck
{
    // The sort codes exceptions 8 and 2/9 check against instead of the one given.
    private const string Exception8SortCode = "090126";
    private const string LloydsEuroSortCode = "309634";

    private static readonly int[] Exception2Weights = [0, 0, 1, 2, 5, 3, 6, 4, 8, 7, 10, 9, 3, 1];
    private static readonly int[] Exception2WeightsWhenG9 = [0, 0, 0, 0, 0, 0, 0, 0, 8, 7, 10, 9, 3, 1];

    private readonly IReadOnlyList<ModulusWeight> _weights;
    private readonly IReadOnlyDictionary<string, string> _substitutions;

    public ModulusCheck(IReadOnlyList<ModulusWeight> weights, IReadOnlyDictionary<string, string> substitutions)
    {
        _weights = weights ?? throw new ArgumentNullException(nameof(weights));
        _substitutions = substitutions ?? throw new ArgumentNullException(nameof(substitutions));
    }

    /// <summary>The tables shipped with SdsLedger (see the README for which sort codes they cover).</summary>
    public static ModulusCheck Shipped { get; } = FromText(Resource("valacdos.txt"), Resource("scsubtab.txt"));

    public int Rows => _weights.Count;

    /// <summary>Reads the tables in Vocalink's layout: one row per line, fields separated by spaces.</summary>
    public static ModulusCheck FromText(string valacdos, string scsubtab)
    {
        ArgumentNullException.ThrowIfNull(valacdos);
        ArgumentNullException.ThrowIfNull(scsubtab);
        var weights = new List<ModulusWeight>();
        foreach (var (line, number) in Lines(valacdos))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length is not (17 or 18))
                throw new FormatException($"valacdos line {number}: expected a sort code range, a method, 14 weights and an optional exception, found {f.Length} fields.");
            var method = f[2] switch
            {
                "MOD10" => ModulusMethod.Mod10,
                "MOD11" => ModulusMethod.Mod11,
                "DBLAL" => ModulusMethod.DoubleAlternate,
                _ => throw new FormatException($"valacdos line {number}: '{f[2]}' is not MOD10, MOD11 or DBLAL."),
            };
            weights.Add(new ModulusWeight(Int(f[0]), Int(f[1]), method, f[3..17].Select(Int).ToArray(), f.Length == 18 ? Int(f[17]) : 0));
        }
        var substitutions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, _) in Lines(scsubtab))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 2) substitutions[f[0]] = f[1];
        }
        return new ModulusCheck(weights, substitutions);
    }

    /// <summary>Checks a six-digit sort code and an eight-digit account number.</summary>
    public ModulusOutcome Check(string sortCode, string accountNumber)
    {
        if (sortCode is not { Length: 6 } || accountNumber is not { Length: 8 } || !sortCode.All(char.IsAsciiDigit) || !accountNumber.All(char.IsAsciiDigit))
            throw new ArgumentException("A sort code is six digits and an account number eight.");
        var code = Int(sortCode);
        var rows = _weights.Where(w => w.Start <= code && code <= w.End).Take(2).ToList();
        if (rows.Count == 0) return ModulusOutcome.NotCheckable;

        var account = Digits(accountNumber);
        // Exception 6: a foreign currency account cannot be checked.
        if (rows.Any(r => r.Exception == 6) && account[0] is >= 4 and <= 8 && account[6] == account[7]) return ModulusOutcome.NotCheckable;

        var first = rows[0];
        var firstPasses = Passes(first, sortCode, account);
        if (rows.Count == 1) return Outcome(firstPasses || (first.Exception == 14 && PassesAsCouttsAccount(first, sortCode, account)));

        var second = rows[1];
        return first.Exception switch
        {
            // Exception 2 and 9: a sterling account passes the first check; a Lloyds euro account the second, at the euro sort code.
            2 => Outcome(firstPasses || Passes(second, LloydsEuroSortCode, account)),
            // Exceptions 10 and 11, 12 and 13: either check will do.
            10 or 12 => Outcome(firstPasses || Passes(second, sortCode, account)),
            _ when !firstPasses => ModulusOutcome.Invalid,
            // Exception 3: with c = 6 or 9 the double alternate check is not needed.
            _ when second.Exception == 3 && account[2] is 6 or 9 => ModulusOutcome.Valid,
            _ => Outcome(Passes(second, sortCode, account)),
        };
    }

    private static ModulusOutcome Outcome(bool passes) => passes ? ModulusOutcome.Valid : ModulusOutcome.Invalid;

    /// <summary>Exception 14, second check: an eighth digit of 0, 1 or 9 is dropped and a 0 put in front, and the check run again.</summary>
    private bool PassesAsCouttsAccount(ModulusWeight row, string sortCode, int[] account)
    {
        if (account[7] is not (0 or 1 or 9)) return false;
        int[] shifted = [0, .. account[..7]];
        return Passes(row with { Exception = 0 }, sortCode, shifted);
    }

    private bool Passes(ModulusWeight row, string sortCode, int[] account)
    {
        if (row.Exception == 5 && _substitutions.TryGetValue(sortCode, out var substitute)) sortCode = substitute;
        if (row.Exception == 8) sortCode = Exception8SortCode;
        var weights = row.Weights.ToArray();
        var (a, b, g, h) = (account[0], account[1], account[6], account[7]);
        if (row.Exception == 2 && a != 0) weights = (g == 9 ? Exception2WeightsWhenG9 : Exception2Weights).ToArray();
        // Exception 7, and exception 10 when ab is 09 or 99 and g is 9: the sort code and a–b are left out.
        if ((row.Exception == 7 && g == 9) || (row.Exception == 10 && b == 9 && a is 0 or 9 && g == 9))
            Array.Clear(weights, 0, 8);

        int[] digits = [.. Digits(sortCode), .. account];
        var total = 0;
        for (var i = 0; i < 14; i++)
        {
            var product = digits[i] * weights[i];
            // Double alternate adds the digits of each product, not the products.
            total += row.Method == ModulusMethod.DoubleAlternate ? product / 10 + product % 10 : product;
        }
        if (row.Exception == 1) total += 27;

        var modulus = row.Method == ModulusMethod.Mod11 ? 11 : 10;
        var remainder = ((total % modulus) + modulus) % modulus;
        return (row.Exception, row.Method) switch
        {
            (4, _) => remainder == g * 10 + h,
            (5, ModulusMethod.Mod11) => remainder == 0 ? g == 0 : remainder != 1 && 11 - remainder == g,
            (5, ModulusMethod.DoubleAlternate) => remainder == 0 ? h == 0 : 10 - remainder == h,
            _ => remainder == 0,
        };
    }

    private static int[] Digits(string text) => text.Select(c => c - '0').ToArray();

    private static int Int(string text) => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static IEnumerable<(string Line, int Number)> Lines(string text) =>
        text.Split('\n').Select((l, i) => (l.Trim(), i + 1)).Where(x => x.Item1.Length > 0);

    private static string Resource(string name)
    {
        using var stream = typeof(ModulusCheck).Assembly.GetManifestResourceStream($"SdsLedger.Banking.{name}")
            ?? throw new InvalidOperationException($"The modulus table {name} is not embedded in SdsLedger.Banking.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
