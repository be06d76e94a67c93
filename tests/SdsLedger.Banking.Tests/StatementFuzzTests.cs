using System.Text;
using SdsLedger.Banking.Statements;

namespace SdsLedger.Banking.Tests;

/// <summary>
/// Statement files broken at random (bytes changed, cut short, lines swapped): every one is read or refused with a
/// StatementFormatException naming where; nothing else is ever thrown. Seeded, and the seed is in the failure.
/// </summary>
public sealed class StatementFuzzTests
{
    [Theory]
    [InlineData("oca-camt053-001-02.xml")]
    [InlineData("camt053-001-08-uk.xml")]
    [InlineData("oca-ofx-2.ofx")]
    [InlineData("ofx-1-sgml.ofx")]
    [InlineData("lloyds.csv")]
    [InlineData("nationwide.csv")]
    [InlineData("monzo.csv")]
    [InlineData("card-feed.csv")]
    public void A_thousand_broken_copies_of_a_file_are_read_or_refused_with_where_and_why(string file)
    {
        const int Seed = 20261206;
        var random = new Random(Seed);
        var original = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", file));
        var glitches = Encoding.UTF8.GetBytes("<>&\"',;\n\r£-.0123456789 ");
        for (var i = 0; i < 1_000; i++)
        {
            var copy = original.ToList();
            for (var n = random.Next(1, 6); n > 0 && copy.Count > 0; n--)
            {
                var at = random.Next(copy.Count);
                switch (random.Next(4))
                {
                    case 0: copy[at] = glitches[random.Next(glitches.Length)]; break;
                    case 1: copy.RemoveRange(at, Math.Min(copy.Count - at, random.Next(1, 40))); break;
                    case 2: copy.Insert(at, (byte)random.Next(256)); break;
                    default: copy = copy.Take(at).ToList(); break;
                }
            }
            try
            {
                var (statement, _) = StatementFile.Read([.. copy]);
                statement.Lines.Should().OnlyContain(l => Math.Abs(l.Amount.Pence) <= 100_000_000_00, $"seed {Seed}, copy {i}");
            }
            catch (StatementFormatException e)
            {
                e.Problems.Should().NotBeEmpty().And.OnlyContain(p => p.Where.Length > 0 && p.Problem.Length > 0, $"seed {Seed}, copy {i}");
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{file}, seed {Seed}, copy {i}: {e.GetType().Name}: {e.Message}\n{Encoding.UTF8.GetString([.. copy])}");
            }
        }
    }
}
