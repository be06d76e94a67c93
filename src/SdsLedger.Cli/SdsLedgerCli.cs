using System.CommandLine;
using System.CommandLine.Help;
using Npgsql;
using SdsLedger.Cli.Verbs;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Cli;

/// <summary>The sdsledger command line: builds the verbs, runs one, and turns failures into exit codes.</summary>
internal static class SdsLedgerCli
{
    public static readonly Option<string?> DataDirectory = new("--data-dir")
    {
        Description = "Folder of the database SdsLedger runs itself (default .sdsledger/pg here; or set SDSLEDGER_DATA). Ignored when SDSLEDGER_DB is set.",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "SdsLedger keeps the money of self-directed support budgets (options 1 to 4) and recovery test budgets " +
            "on a double-entry ledger, enforces the spending rules, and prints statements and reports.\n\n" +
            "Exit codes: 0 done, 1 refused or invalid input, 2 wrong command line, 3 no database, 4 internal error.\n" +
            "Database: SDSLEDGER_DB (an Npgsql connection string) uses that server; otherwise SdsLedger runs its own.");
        root.Add(DataDirectory);
        root.Add(DbVerbs.Build());
        root.Add(DemoVerb.Build());
        root.Add(AuditVerb.Build());
        root.Add(TokenVerb.Build());
        root.Add(SignInLinkVerb.Build());
        root.Add(CouncilVerbs.Council());
        root.Add(CouncilVerbs.Organisation());
        root.Add(CouncilVerbs.Worker());
        root.Add(PersonVerbs.Build());
        root.Add(RetentionVerbs.Build());
        root.Add(BudgetVerbs.Build());
        root.Add(BudgetVerbs.Period());
        root.Add(PlanVerbs.Build());
        root.Add(PaymentVerbs.Build());
        root.Add(BankingVerbs.PaymentFiles());
        root.Add(BankingVerbs.BankDetails());
        root.Add(BankingVerbs.Reconciliation());
        root.Add(BankingVerbs.Drafts());
        root.Add(BankingVerbs.MonitoringReturn());
        root.Add(BankingVerbs.MatchWindow());
        root.Add(SpendVerbs.Build());
        root.Add(ImportVerbs.Build());
        root.Add(CommitmentVerbs.Commit());
        root.Add(CommitmentVerbs.Capture());
        root.Add(CommitmentVerbs.Release());
        root.Add(ApprovalVerbs.Build());
        root.Add(FamilyVerbs.Build());
        root.Add(ConsentVerbs.Build());
        root.Add(ReviewVerbs.Build());
        root.Add(CorrectionVerbs.Build());
        root.Add(TestBudgetVerbs.TestBudget());
        root.Add(TestBudgetVerbs.Purchase());
        root.Add(TestBudgetVerbs.Progress());
        root.Add(SurplusVerbs.Build());
        root.Add(CaseloadVerbs.Build());
        root.Add(ProviderVerbs.Build());
        root.Add(StatementVerbs.Build());
        root.Add(ReportVerbs.Build());
        root.SetAction(parse => new HelpAction().Invoke(parse));
        return root;
    }

    /// <summary>
    /// Runs one command line. With <paramref name="surroundings"/>, the command reads its settings and working directory
    /// from there rather than from the process (the tests run verbs in process this way).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default,
                                           Surroundings? surroundings = null)
    {
        using var chosen = surroundings?.Use();
        var root = Build();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) await error.WriteLineAsync(Printable(e.Message));
            await error.WriteLineAsync("Run 'sdsledger --help' to see the commands and their options.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
            }, ct);
        }
        catch (PostgresNotInstalledException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Environment;
        }
        catch (LocalClusterException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Environment;
        }
        catch (InvalidConnectionStringException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Environment;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DiskFull)
        {
            await error.WriteLineAsync($"The database could not record this, and nothing of it was recorded: {e.MessageText}.");
            await error.WriteLineAsync(FullDiskAdvice(parsed) ?? "The disk of the database server is full: free space there, then run the command again.");
            return ExitCodes.Environment;
        }
        catch (NpgsqlException e) when (e is not PostgresException || IsConnectionProblem((PostgresException)e))
        {
            var reason = e.InnerException is null ? e.Message : $"{e.Message} ({e.InnerException.Message})";
            await error.WriteLineAsync($"Cannot reach the database: {reason}");
            await error.WriteLineAsync(FullDiskAdvice(parsed) ?? "Check SDSLEDGER_DB, or unset it to let SdsLedger run its own database.");
            return ExitCodes.Environment;
        }
        catch (MigrationFailedException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Environment;
        }
        catch (SdsLedger.Features.Shared.KeyEncryptionKeyMismatchException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Environment;
        }
        catch (Demo.SampleCouncilChangedException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Refused;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Stopped.");
            return ExitCodes.Internal;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync("SdsLedger failed in a way it should not have. Please report this, with the details below.");
            await error.WriteLineAsync(e.ToString());
            return ExitCodes.Internal;
        }
    }

    /// <summary>
    /// A message that may quote what was typed, with each character a terminal would act on or hide (escapes, other
    /// controls, direction and invisible formatting characters, broken pairs) written as its code, like \u001B.
    /// </summary>
    internal static string Printable(string text)
    {
        var shown = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                shown.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else
                shown.Append(c);
        }
        return shown.ToString();
    }

    /// <summary>When SdsLedger's own cluster stopped because its disk filled up, what to do about it (its log says so).</summary>
    private static string? FullDiskAdvice(ParseResult parsed)
    {
        if (DatabaseServer.FromEnvironment(parsed.GetValue(DataDirectory)).Cluster is not { } cluster) return null;
        return DiskFull.IsNamedIn(cluster.RecentLog(40)) ? DiskFull.Advice(cluster.DataDirectory) : null;
    }

    private static bool IsConnectionProblem(PostgresException e) =>
        e.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
        || e.SqlState.StartsWith("28", StringComparison.Ordinal) // invalid authorisation
        || e.SqlState == PostgresErrorCodes.InvalidCatalogName;
}
