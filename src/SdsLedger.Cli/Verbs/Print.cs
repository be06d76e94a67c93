using System.Globalization;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using Spectre.Console;

namespace SdsLedger.Cli.Verbs;

/// <summary>How the verbs write money, dates and tables: £1,234.50 right-aligned, "1 October 2026", plain headings.</summary>
internal static class Print
{
    public static string Day(LocalDate date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Day(LocalDate? date) => date is { } d ? Day(d) : "";

    /// <summary>"1 Oct 2026", for tables.</summary>
    public static string ShortDay(LocalDate date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>Output read by another program or saved to a file is not cut to the 80 columns Spectre assumes; a terminal keeps its own width.</summary>
    public static void Widen(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (System.Console.IsOutputRedirected && console.Profile.Width < 132) console.Profile.Width = 132;
    }

    /// <summary>"1 person", "3 people".</summary>
    public static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    public static string Percent(decimal share) => (share * 100m).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Option(SdsOption option) => SdsOptions.Describe(option);

    /// <summary>A table with the given columns; a column named with a leading '£' holds money and is right-aligned; money, ids and columns named with a leading '!' never wrap.</summary>
    public static Table Table(string? title, params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null) table.Title(Markup.Escape(title));
        foreach (var c in columns)
        {
            var money = c.StartsWith('£');
            var whole = c.StartsWith('!');
            var name = money || whole ? c[1..] : c;
            table.AddColumn(money || whole || name.EndsWith(" id", StringComparison.OrdinalIgnoreCase)
                ? new TableColumn(Markup.Escape(name)) { Alignment = money ? Justify.Right : Justify.Left }.NoWrap()
                : new TableColumn(Markup.Escape(name)));
        }
        return table;
    }

    /// <summary>Adds a row of plain text (escaped, so names with brackets print as they are).</summary>
    public static Table Row(this Table table, params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.AddRow(cells.Select(c => Markup.Escape(c switch
        {
            null => "",
            Money m => m.ToString(),
            LocalDate d => Day(d),
            _ => Convert.ToString(c, CultureInfo.InvariantCulture) ?? "",
        })).ToArray());
        return table;
    }

    /// <summary>A two-column table of labelled figures: what it is, and how much.</summary>
    public static Table Figures(string? title) => Table(title, "", "£Amount").HideHeaders();
}
