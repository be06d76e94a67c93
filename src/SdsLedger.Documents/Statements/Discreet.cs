using SdsLedger.Features.Statements;

namespace SdsLedger.Documents.Statements;

/// <summary>
/// What a statement says about itself where others may see it: a posted letter is opened by whoever is in the house, so
/// its title names a test budget by the first goal the person chose, in their words ("Get back into swimming"), and
/// SdsLedger's own wording never says recovery, substance use, addiction or drugs, unless the person chose statements
/// that say their test budget is for their recovery (and their council offers that choice).
/// </summary>
internal static class Discreet
{
    public static string Title(StatementView s)
    {
        var period = Words.Period(s.From, s.To);
        if (!s.IsTest) return $"Your budget statement for {period}";
        if (s.NamesRecovery) return $"Your recovery test budget statement for {period}";
        return s.Outcomes.FirstOrDefault()?.Text is { Length: > 0 } goal
            ? $"{goal}: your statement for {period}"
            : $"Your test budget statement for {period}";
    }

    /// <summary>What a test budget is for, in the words the person chose: "what helps you" unless they chose to name recovery.</summary>
    public static string WhatHelps(StatementView s) => s.NamesRecovery ? "what helps your recovery" : "what helps you";
}
