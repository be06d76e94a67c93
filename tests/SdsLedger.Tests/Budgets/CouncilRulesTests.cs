using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Councils;

namespace SdsLedger.Tests.Budgets;

/// <summary>Each test sets the rules it relies on: they belong to the one council of this class's scenario.</summary>
public sealed class CouncilRulesTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private ChangeCouncilRules.Command Change(Actor? actor = null) => new(actor ?? s.Finance, s.Key(), s.CouncilId);

    [Fact]
    public async Task Only_the_rules_given_change()
    {
        var before = SdsScenario.Ok(await s.App.SendAsync(Change() with { SurplusWeeks = 8 }));

        var after = SdsScenario.Ok(await s.App.SendAsync(Change() with { ApprovalThreshold = Money.FromPounds(175), DuplicateDays = 5 }));

        after.Should().BeEquivalentTo(before with { ApprovalThreshold = Money.FromPounds(175), DuplicateDays = 5 });
        (await s.Scalar<Guid>("SELECT updated_by_id FROM sds.council_rules WHERE council_id = @CouncilId", new { s.CouncilId })).Should().Be(s.Finance.Id);
    }

    [Fact]
    public async Task The_spending_rules_read_the_councils_threshold_and_excluded_purposes()
    {
        SdsScenario.Ok(await s.App.SendAsync(Change() with
        {
            ApprovalThreshold = Money.FromPounds(100),
            ExcludedPurposes = ["gambling", "alcohol", "tobacco", "vapes"],
        }));
        var (_, _, part, person) = await s.FundedDirectPayment();

        var approval = await s.RefusedWith(s.Spend(person, part, 150), RefusalCodes.NeedsApproval);
        var vapes = await s.RefusedWith(s.Spend(person, part, 20) with { Description = "Disposable vapes" }, RefusalCodes.ExcludedPurpose);
        SdsScenario.Ok(await s.App.SendAsync(Change() with { ExcludedPurposes = ["gambling"] }));
        var allowed = await s.App.SendAsync(s.Spend(person, part, 20) with { Description = "Tobacco-free patches" });

        approval.Reason.Should().StartWith("Spends over £100.00 to one payee need a second person's approval.");
        vapes.Reason.Should().StartWith("The council does not allow budgets to be spent on vapes");
        allowed.Succeeded.Should().BeTrue(allowed.ToString());
        await s.AuditPasses();
    }

    [Fact]
    public async Task Out_of_range_rules_are_named_with_the_range()
    {
        var result = await s.App.SendAsync(Change() with
        {
            ApprovalThreshold = Money.FromPence(-1),
            ExcludedPurposes = ["Bad Word"],
            TestBudgetCap = Money.Zero,
            TestBudgetWeeks = 0,
            SurplusWeeks = 60,
            InstalmentWeeks = 0,
            DuplicateDays = 40,
        });
        var nothing = await s.App.SendAsync(Change());

        result.Errors.Select(e => e.Field).Should().BeEquivalentTo(["ApprovalThreshold", "ExcludedPurposes[0]", "TestBudgetCap", "TestBudgetWeeks",
            "SurplusWeeks", "InstalmentWeeks", "DuplicateDays"]);
        result.Errors.Single(e => e.Field == "DuplicateDays").Message.Should().Be("Possible duplicates are looked for within 0 (off) to 31 days.");
        nothing.Errors.Should().ContainSingle().Which.Should().Be(new Pipeline.FieldError("Rules", "Give at least one rule to change."));
    }

    [Fact]
    public async Task Only_a_finance_officer_of_the_council_changes_its_rules()
    {
        var socialWorker = await s.RefusedWith(Change(s.SocialWorker) with { SurplusWeeks = 6 }, RefusalCodes.NotAuthorised);
        var otherCouncil = await s.RefusedWith(Change((await s.OtherCouncil()).Finance) with { SurplusWeeks = 6 }, RefusalCodes.NotFound);

        socialWorker.Reason.Should().Be("Sam Worker (social-worker) cannot change the council's rules (a finance officer does).");
        otherCouncil.Reason.Should().Be("That council was not found, or is not yours to see.");
    }
}
