using Dapper;
using Npgsql;
using NodaTime;
using SdsLedger.Access;
using SdsLedger.Domain;
using SdsLedger.Features.Providers;
using SdsLedger.Features.Reports;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.Consent;

/// <summary>
/// A recovery worker of the organisation that holds people's money sees, in the held funds and the provider return, only
/// the people whose current consent names them or the organisation: in the application, and in the database on its own.
/// </summary>
public sealed class HoldingOrganisationConsentTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static readonly LocalDate From = new(2026, 10, 1);
    private static readonly LocalDate To = new(2026, 10, 31);

    private async Task<(Guid Consenting, string ConsentingRef, Guid Other, string OtherRef)> TwoPeopleHeldByTheProvider()
    {
        var (consenting, _) = await s.ActiveBudget([s.ProviderHeld(1300)]);
        var (other, _) = await s.ActiveBudget([s.ProviderHeld(1300)]);
        SdsScenario.Ok(await s.PaymentRun(SdsScenario.PeriodStart));
        return (consenting, await s.Scalar<string>("SELECT reference FROM sds.people WHERE id = @consenting", new { consenting }),
                other, await s.Scalar<string>("SELECT reference FROM sds.people WHERE id = @other", new { other }));
    }

    [Fact]
    public async Task A_recovery_worker_of_the_holder_sees_in_held_funds_and_the_return_only_the_people_who_consent_to_them()
    {
        var (consenting, consentingRef, other, otherRef) = await TwoPeopleHeldByTheProvider();
        var worker = await s.RecoveryWorkerOf(s.ProviderId, "Rory Holder");

        var before = SdsScenario.Ok(await s.App.SendAsync(new ProviderHeldFunds.Query(worker, s.ProviderId)));
        var returnBefore = SdsScenario.Ok(await s.App.SendAsync(new ProviderReturn.Query(worker, From, To)));
        var consent = await s.Consent(consenting, worker);
        var held = SdsScenario.Ok(await s.App.SendAsync(new ProviderHeldFunds.Query(worker, s.ProviderId)));
        var providerReturn = SdsScenario.Ok(await s.App.SendAsync(new ProviderReturn.Query(worker, From, To)));
        var staff = SdsScenario.Ok(await s.App.SendAsync(new ProviderHeldFunds.Query(s.Provider, s.ProviderId)));
        SdsScenario.Ok(await s.App.SendAsync(new Features.Consent.WithdrawConsent.Command(s.PersonActor(consenting), s.Key(), consent)));
        var withdrawn = SdsScenario.Ok(await s.App.SendAsync(new ProviderHeldFunds.Query(worker, s.ProviderId)));

        before.People.Should().BeEmpty("nobody has consented yet");
        returnBefore.Rows.Should().BeEmpty();
        held.People.Select(p => p.PersonId).Should().Equal(consenting);
        providerReturn.Rows.Select(r => r.PersonReference).Should().Equal(consentingRef);
        providerReturn.Reconciles.Should().BeTrue("the ledger's closing total is of the same consenting person's money");
        staff.People.Select(p => p.PersonId).Should().Contain([consenting, other], "the provider's own finance staff see everyone whose money it holds");
        withdrawn.People.Should().BeEmpty("a withdrawal takes effect at once");
        otherRef.Should().NotBe(consentingRef);
    }

    /// <summary>
    /// The return's own SQL, with the application's consent check switched off (@Worker null), run as the application's
    /// role for a sealed recovery-worker tenant of the holder: row-level security alone shows only the consenting person.
    /// </summary>
    [Fact]
    public async Task In_raw_sql_as_the_application_the_holders_recovery_worker_reads_only_consenting_peoples_money()
    {
        var seal = new TenantSeal(TenantSeal.NewKey());
        await seal.InstallAsync(s.ConnectionString);
        var (consenting, consentingRef, other, _) = await TwoPeopleHeldByTheProvider();
        var worker = await s.RecoveryWorkerOf(s.ProviderId, "Rhona Raw");
        await s.Consent(consenting, worker);

        await using var conn = new NpgsqlConnection(s.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("SET LOCAL ROLE sdsledger_app", transaction: tx);
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        await conn.ExecuteAsync("SELECT sds.act_for(@C, 'recovery-worker', NULL, @O, @W, @E, @S)", new
        {
            C = s.CouncilId, O = s.ProviderId, W = worker.Id, E = expires,
            S = seal.Sign(s.CouncilId, Role.RecoveryWorker, null, s.ProviderId, expires, worker.Id),
        }, tx);

        var rows = (await conn.QueryAsync<(Guid PersonId, string PersonReference)>(
            $"SELECT PersonId, PersonReference FROM ({ProviderReturn.Handler.Sql}) r",
            new { OrganisationId = s.ProviderId, CouncilId = (Guid?)null, From = From.ToDateOnly(), To = To.ToDateOnly(), Worker = (Guid?)null }, tx)).ToList();
        var parts = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.budget_parts WHERE person_id = ANY (@Ids)",
            new { Ids = new[] { consenting, other } }, tx);
        var otherMoney = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger.balances WHERE person_id = @other", new { other }, tx);

        rows.Should().ContainSingle().Which.PersonReference.Should().Be(consentingRef);
        parts.Should().Be(1, "only the consenting person's part is visible, though the worker's organisation holds both");
        otherMoney.Should().Be(0);
    }
}
