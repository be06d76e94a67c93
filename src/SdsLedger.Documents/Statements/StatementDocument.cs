using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Statements;

namespace SdsLedger.Documents.Statements;

/// <summary>
/// A person's statement in the format they asked for: the standard statement at 14 pt or in large print at 18 pt
/// (<see cref="StandardStatement"/>), or Easy Read (<see cref="EasyReadStatement"/>). Each is written as an A4 PDF, and
/// as one HTML file with the same words and figures, which a screen reader can follow.
/// </summary>
public static class StatementDocument
{
    /// <summary>The format the person asked for, unless a run asks for one format for everyone.</summary>
    public static StatementFormat FormatFor(StatementView statement, StatementFormat? forEveryone)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return forEveryone ?? statement.Format;
    }

    public static DocumentStyle Style(StatementFormat format) => format switch
    {
        StatementFormat.LargePrint => DocumentStyle.LargePrint,
        StatementFormat.EasyRead => DocumentStyle.EasyRead,
        _ => DocumentStyle.Standard,
    };

    public static DocumentInfo Info(StatementView statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new DocumentInfo($"Budget statement for {statement.PersonName}, {Words.Period(statement.From, statement.To)}",
            statement.CouncilName, "Self-directed support budget statement");
    }

    /// <summary>Writes the statement as PDF; returns the number of pages.</summary>
    public static int WritePdf(StatementView statement, StatementFormat format, Stream output) =>
        Build(statement, format).WritePdf(output, Info(statement));

    /// <summary>Writes the statement as one self-contained HTML file in the same words as the PDF of that format.</summary>
    public static void WriteHtml(StatementView statement, StatementFormat format, TextWriter output) =>
        Build(statement, format).WriteHtml(output, Info(statement));

    internal static DocumentBuilder Build(StatementView statement, StatementFormat format)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return format == StatementFormat.EasyRead
            ? new EasyReadStatement(statement).Build()
            : new StandardStatement(statement, Style(format)).Build();
    }

    /// <summary>Money the council has still to pay of the budget (options 1 and 2; option 3 is allocated whole).</summary>
    internal static Money StillToCome(StatementView s) =>
        s.Parts.Where(p => p.Option != SdsOption.CouncilArranged).Aggregate(Money.Zero, (sum, p) => sum + p.StillToCome);
}
