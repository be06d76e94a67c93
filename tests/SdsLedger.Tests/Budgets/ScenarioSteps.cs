using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Commitments;
using SdsLedger.Pipeline;

namespace SdsLedger.Tests.Budgets;

/// <summary>Steps the commitment, approval, correction and budget-lifecycle tests share, on top of <see cref="SdsScenario"/>.</summary>
internal static class ScenarioSteps
{
    /// <summary>Sends a command that must be refused with the code, and checks that it wrote no ledger entry, only its audit record.</summary>
    public static async Task<Refusal> RefusedWith<T>(this SdsScenario s, ICommand<Result<T>> command, string code)
    {
        var entries = await s.LedgerEntries();
        var holds = await s.Count("SELECT count(*) FROM ledger.holds");
        var audited = await s.AuditRecords("refused", code);

        var result = await s.App.SendAsync(command);

        result.Refusal.Should().NotBeNull(result.ToString());
        result.Refusal!.Code.Should().Be(code, result.Refusal.Reason);
        (await s.LedgerEntries()).Should().Be(entries, "a refusal writes no ledger entry");
        (await s.Count("SELECT count(*) FROM ledger.holds")).Should().Be(holds, "a refusal sets nothing aside");
        (await s.AuditRecords("refused", code)).Should().Be(audited + 1, "a refusal is audited with its code");
        return result.Refusal;
    }

    /// <summary>A person with an active direct payment whose first instalment (2,600 over 26 weeks pays £400.00 every 4 weeks) has been paid.</summary>
    public static async Task<(Guid PersonId, Guid BudgetId, Guid PartId, Actor Person)> FundedDirectPayment(this SdsScenario s, decimal pounds = 2600,
                                                                                                          params string[] categories)
    {
        var (person, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(pounds)], categories);
        SdsScenario.Ok(await s.PaymentRun(SdsScenario.PeriodStart));
        return (person, budget.BudgetId, budget.PartIds[0], s.PersonActor(person));
    }

    public static CommitFunds.Command Commitment(this SdsScenario s, Actor actor, Guid partId, decimal pounds, string description = "the gym membership",
                                                 string category = "leisure", string payee = "Pure Gym") =>
        new(actor, s.Key(), partId, Money.FromPounds(pounds), category, payee, new LocalDate(2026, 10, 5), description);

    public static async Task<long> Count(this SdsScenario s, string sql, object? args = null)
    {
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    public static async Task<T> Scalar<T>(this SdsScenario s, string sql, object? args = null)
    {
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public static async Task<IReadOnlyList<T>> Query<T>(this SdsScenario s, string sql, object? args = null)
    {
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        return (await conn.QueryAsync<T>(sql, args)).ToList();
    }

    /// <summary>The texts a query gives, each opened as the application opens it (a sealed payee, a sealed description).</summary>
    public static async Task<IReadOnlyList<string>> Opened(this SdsScenario s, string sql, object? args = null)
    {
        var opened = new List<string>();
        foreach (var text in await s.Query<string>(sql, args)) opened.Add(await s.Reveal(text));
        return opened;
    }

    /// <summary>Changes the database behind the application's back, as the owner: what a copy or an operator might hold.</summary>
    public static async Task Execute(this SdsScenario s, string sql, object? args = null)
    {
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        await conn.ExecuteAsync(sql, args);
    }

    /// <summary>A text the ledger keeps sealed with a person's key, opened as the application opens it.</summary>
    public static Task<string> Reveal(this SdsScenario s, string text) => Testing.SealedText.OpenAsync(s.App, text);

    /// <summary>
    /// Every row of the scenario's database as <c>pg_dump --data-only</c> prints it: what a backup would hold; or only
    /// the rows of one table.
    /// </summary>
    public static async Task<string> DumpDataAsync(this SdsScenario s, string? table = null)
    {
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(s.ConnectionString);
        var info = new System.Diagnostics.ProcessStartInfo(Path.Combine(LocalPostgres.ServerBinaries.Find().Directory, "pg_dump"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "--data-only", "-h", cs.Host!, "-p", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", cs.Username!, cs.Database! })
            info.ArgumentList.Add(a);
        if (table is not null) foreach (var a in new[] { "-t", table }) info.ArgumentList.Add(a);
        info.Environment["PGPASSWORD"] = cs.Password;
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, await error);
        return await output;
    }
}
