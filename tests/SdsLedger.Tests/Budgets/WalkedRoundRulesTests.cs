using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Approvals;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Family;
using SdsLedger.Features.Plans;

namespace SdsLedger.Tests.Budgets;

/// <summary>
/// The spending rules as an adversarial run walked round them: excluded purposes matched on whole words only, a spend
/// split under the approval threshold, a spend dated ahead, family paid without the flag, plan amounts never checked.
/// Each refuses now, with its code and a reason a person understands.
/// </summary>
public sealed class WalkedRoundRulesTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static readonly LocalDate Day = new(2026, 10, 12);

    private async Task<(Guid Part, Actor Person, Guid PersonId, Guid Budget)> FundedAsync(decimal pounds = 5200, params string[] categories)
    {
        var (personId, budget, part, person) = await s.FundedDirectPayment(pounds, categories);
        return (part, person, personId, budget);
    }

    private Features.Spending.RecordSpend.Command Spend(Actor person, Guid part, decimal pounds, string payee, string description,
                                                       string category = "leisure", LocalDate? date = null) =>
        s.Spend(person, part, pounds, category, payee, date ?? Day) with { Description = description };

    [Theory]
    [InlineData("Kirkton Off Licence", "Bottle of wine", "alcohol")]
    [InlineData("William Hill", "Bet on the horses", "gambling")]
    [InlineData("The Kirkton Arms pub", "Drinks with friends", "alcohol")]
    [InlineData("Corner shop", "Scratchcards", "gambling")]
    [InlineData("Newsagent", "Rolling tobacco and papers", "tobacco")]
    public async Task An_excluded_purpose_is_found_in_the_words_and_their_stems_of_the_payee_and_description(string payee, string description, string purpose)
    {
        var (part, person, _, _) = await FundedAsync();
        var entries = await s.LedgerEntries();

        var refusal = await s.RefusedWith(Spend(person, part, 20, payee, description), RefusalCodes.ExcludedPurpose);

        refusal.Reason.Should().StartWith($"The council does not allow budgets to be spent on {purpose}, and this spend reads as that");
        (await s.LedgerEntries()).Should().Be(entries);
    }

    [Fact]
    public async Task A_card_payment_is_refused_by_its_merchant_category_code()
    {
        var (part, person, _, _) = await FundedAsync();

        var refusal = await s.RefusedWith(Spend(person, part, 15, "Highland Leisure Ltd", "Card payment") with { MerchantCode = "7995" },
            RefusalCodes.ExcludedPurpose);

        refusal.Reason.Should().Contain("gambling").And.Contain("merchant category code is 7995");
    }

    [Fact]
    public async Task A_wrong_match_goes_ahead_only_with_a_second_persons_approval_naming_the_reason()
    {
        var (part, person, _, _) = await FundedAsync();
        var tickets = Spend(person, part, 30, "Coral Reef Aquarium", "Entry tickets for two");
        var request = new RequestApproval.Command(person, s.Key(), part, Money.FromPounds(30), "leisure", "Coral Reef Aquarium", "Entry tickets for two",
            WrongMatch: "gambling", Reason: "An aquarium, not the bookmaker Coral");

        var before = await s.RefusedWith(tickets, RefusalCodes.ExcludedPurpose);
        var noReason = await s.App.SendAsync(request with { Reason = null });
        var approval = SdsScenario.Ok(await s.App.SendAsync(request));
        var byThemselves = await s.App.SendAsync(new ApproveSpend.Command(person, s.Key(), approval));
        SdsScenario.Ok(await s.App.SendAsync(new ApproveSpend.Command(s.SocialWorker, s.Key(), approval, "Checked: it is the aquarium")));
        var after = await s.App.SendAsync(tickets with { ApprovalId = approval, IdempotencyKey = s.Key() });

        before.Reason.Should().Contain("'coral'");
        noReason.Errors.Should().ContainSingle().Which.Field.Should().Be("Reason");
        byThemselves.Refusal!.Code.Should().Be(RefusalCodes.NotAuthorised, "a person does not approve their own spending");
        after.Succeeded.Should().BeTrue(after.ToString());
        (await s.Reveal(await s.Scalar<string>("SELECT request_reason FROM sds.approvals WHERE id = @approval", new { approval })))
            .Should().Be("An aquarium, not the bookmaker Coral", "the reason is kept, sealed with the person's key");
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_council_adds_its_own_words_to_an_excluded_purpose()
    {
        var (part, person, _, _) = await FundedAsync();
        var before = await s.App.SendAsync(Spend(person, part, 12, "Corner shop", "Buckfast"));

        var added = SdsScenario.Ok(await s.App.SendAsync(new ChangeExcludedTerms.Command(s.Finance, s.Key(), s.CouncilId, "alcohol",
            ChangeExcludedTerms.Kind.Words, "Buckfast")));
        var after = await s.App.SendAsync(Spend(person, part, 12, "Another corner shop", "Buckfast"));
        var notAPurpose = await s.App.SendAsync(new ChangeExcludedTerms.Command(s.Finance, s.Key(), s.CouncilId, "sweets", ChangeExcludedTerms.Kind.Words, "toffee"));

        before.Succeeded.Should().BeTrue(before.ToString());
        added.Terms.Should().Contain("buckfast").And.Contain("wine");
        after.Refusal!.Code.Should().Be(RefusalCodes.ExcludedPurpose);
        notAPurpose.Errors.Should().ContainSingle().Which.Field.Should().Be("Purpose");
    }

    [Fact]
    public async Task A_spend_split_in_two_under_the_threshold_needs_approval_as_one()
    {
        var (part, person, _, _) = await FundedAsync();

        SdsScenario.Ok(await s.App.SendAsync(Spend(person, part, 249, "Kirkton Bikes", "A bike, first half")));
        var second = await s.RefusedWith(Spend(person, part, 248, "Kirkton Bikes", "A bike, second half"), RefusalCodes.NeedsApproval);
        var elsewhere = await s.App.SendAsync(Spend(person, part, 248, "Kirkton Helmets", "A helmet"));
        var aWeekLater = await s.App.SendAsync(Spend(person, part, 248, "Kirkton Bikes", "A lock", date: Day.PlusDays(8)));

        second.Reason.Should().Contain("Kirkton Bikes would get £497.00 within 7 days, which counts as one spend");
        elsewhere.Succeeded.Should().BeTrue(elsewhere.ToString());
        aWeekLater.Succeeded.Should().BeTrue(aWeekLater.ToString());
    }

    [Fact]
    public async Task A_spend_dated_after_today_is_refused_and_money_for_the_future_is_a_commitment()
    {
        var (part, person, _, _) = await FundedAsync();
        var today = new LocalDate(2026, 11, 23);

        var ahead = await s.RefusedWith(Spend(person, part, 20, "Leisure Centre", "Swimming", date: today.PlusDays(19)), RefusalCodes.FutureDate);
        var planned = await s.App.SendAsync(s.Commitment(person, part, 20) with { Date = today.PlusDays(19) });

        ahead.Reason.Should().Contain("12 December 2026 is after today (23 November 2026)").And.Contain("set it aside as a commitment");
        planned.Succeeded.Should().BeTrue(planned.ToString());
    }

    [Fact]
    public async Task Paying_a_recorded_family_member_needs_the_councils_agreement_whatever_the_flag_says()
    {
        var (part, person, personId, budget) = await FundedAsync();
        SdsScenario.Ok(await s.App.SendAsync(new RecordFamilyMember.Command(s.SocialWorker, s.Key(), personId, "Mary Test", "sister", SameHousehold: false)));

        var unflagged = await s.RefusedWith(Spend(person, part, 40, "Mary Test", "Sister helps me"), RefusalCodes.FamilyPayeeUnagreed);
        var titled = await s.RefusedWith(Spend(person, part, 40, "Mrs Mary Test", "Help at home") with { ConfirmDuplicate = true }, RefusalCodes.FamilyPayeeUnagreed);
        SdsScenario.Ok(await s.App.SendAsync(new RecordFamilyAgreement.Command(s.SocialWorker, s.Key(), budget, "Mary Test", "Provides personal care", Day)));
        var agreed = await s.App.SendAsync(Spend(person, part, 40, "Mary Test", "Sister helps me"));

        unflagged.Reason.Should().Be("Mary Test is the person's sister. Paying family needs the council's agreement and reason on record first; ask the social worker to record it.");
        titled.Reason.Should().StartWith("Mrs Mary Test is the person's sister.");
        agreed.Succeeded.Should().BeTrue(agreed.ToString());
    }

    [Fact]
    public async Task Plan_shares_and_amounts_must_fit_the_budget()
    {
        var (_, _, _, budget) = await FundedAsync(100);
        AgreeSupportPlan.Command Plan(params PlanCategory[] categories) =>
            new(s.SocialWorker, s.Key(), budget, Day, [new Outcome("Get out more")], categories);

        var shares = await s.App.SendAsync(Plan(new PlanCategory("leisure", SharePercent: 70), new PlanCategory("travel", SharePercent: 60)));
        var amount = await s.App.SendAsync(Plan(new PlanCategory("leisure", Money.FromPounds(999_999))));
        var together = await s.App.SendAsync(Plan(new PlanCategory("leisure", Money.FromPounds(60)), new PlanCategory("travel", Money.FromPounds(60))));
        var fits = await s.App.SendAsync(Plan(new PlanCategory("leisure", Money.FromPounds(60)), new PlanCategory("travel", SharePercent: 40)));

        shares.Errors.Should().ContainSingle().Which.Message.Should().Be("The categories' shares add up to 130%; together they can be at most 100% of the budget.");
        amount.Errors.Should().ContainSingle().Which.Message.Should().Contain("more than the whole budget of £100.00");
        together.Errors.Should().ContainSingle().Which.Message.Should().Contain("add up to £120.00, more than the budget of £100.00");
        fits.Succeeded.Should().BeTrue(fits.ToString());
    }

    [Fact]
    public async Task A_spend_past_what_the_plan_agreed_for_its_category_is_refused_with_the_figures()
    {
        var (part, person, _, budget) = await FundedAsync(2600);
        SdsScenario.Ok(await s.App.SendAsync(new AgreeSupportPlan.Command(s.SocialWorker, s.Key(), budget, Day, [new Outcome("Get out more")],
            [new PlanCategory("leisure", Money.FromPounds(100)), new PlanCategory("travel", SharePercent: 2)])));

        SdsScenario.Ok(await s.App.SendAsync(Spend(person, part, 80, "Leisure Centre", "Swimming")));
        var leisure = await s.RefusedWith(Spend(person, part, 30, "Bowling alley", "Bowling"), RefusalCodes.OverPlanAmount);
        var travel = await s.RefusedWith(Spend(person, part, 60, "Bus company", "Bus pass", category: "travel"), RefusalCodes.OverPlanAmount);

        leisure.Reason.Should().Be("This would take leisure to £110.00, past the £100.00 the support plan agreed for it (£80.00 spent or set aside so far, " +
                                   "£20.00 left). The social worker can change the plan with the person.");
        travel.Reason.Should().Contain("past the 2% of £2,600.00 (£52.00) the support plan agreed for it");
    }
}
