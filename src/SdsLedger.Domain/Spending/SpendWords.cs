using System.Globalization;
using System.Text;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace SdsLedger.Domain.Spending;

/// <summary>
/// What a spend's payee and description say, as words that can be matched: lower case, letters and digits only, each
/// reduced to its English stem (Snowball), so "Betting", "bets" and "Bet" are one word, and "off-licence" is the two words
/// "off licence".
/// </summary>
public static class SpendWords
{
    [ThreadStatic]
    private static EnglishStemmer? _stemmer;

    /// <summary>The stems of the words of the texts, in order (a phrase matches consecutive stems).</summary>
    public static IReadOnlyList<string> Stems(params string?[] texts)
    {
        var stems = new List<string>();
        foreach (var text in texts)
        {
            foreach (var word in Words(text ?? ""))
                stems.Add(Stem(word));
        }
        return stems;
    }

    /// <summary>Whether the phrase's stems occur, one after another, among the stems.</summary>
    public static bool Contains(IReadOnlyList<string> stems, IReadOnlyList<string> phrase)
    {
        if (phrase.Count == 0) return false;
        for (var i = 0; i + phrase.Count <= stems.Count; i++)
        {
            var all = true;
            for (var j = 0; j < phrase.Count && all; j++) all = stems[i + j] == phrase[j];
            if (all) return true;
        }
        return false;
    }

    /// <summary>A name as people write it differently: lower case, letters only, no titles ("Mrs M. Test" and "m test" match).</summary>
    public static string Name(string? name) =>
        string.Join(' ', Words(name ?? "").Where(w => w is not ("mr" or "mrs" or "ms" or "miss" or "mx" or "dr")));

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(ch)) word.Append(char.ToLowerInvariant(ch));
            else if (ch is '\'' or '’') continue;
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }
        if (word.Length > 0) yield return word.ToString();
    }

    private static string Stem(string word)
    {
        var stemmer = _stemmer ??= new EnglishStemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }
}
