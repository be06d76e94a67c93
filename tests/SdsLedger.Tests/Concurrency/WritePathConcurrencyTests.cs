using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Family;
using SdsLedger.Features.People;
using SdsLedger.Features.Reviews;
using SdsLedger.Pipeline;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.Concurrency;

/// <summary>
/// The register's write paths under racing requests: twenty copies of one request under one key write one row and all
/// get the first answer; ten different requests at once are each answered. Nothing throws, nothing is written twice.
/// </summary>
public sealed class WritePathConcurrencyTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static async Task<Result<T>[]> AtOnceAsync<T>(int copies, Func<int, Task<Result<T>>> send) =>
        await Task.WhenAll(Enumerable.Range(0, copies).Select(i => Task.Run(() => send(i))));

    private static void OneAnswer<T>(Result<T>[] answers)
    {
        answers.Should().AllSatisfy(a => a.Succeeded.Should().BeTrue(a.ToString()));
        answers.Select(a => System.Text.Json.JsonSerializer.Serialize(a.Value)).Distinct().Should().ContainSingle("every copy gets the first answer");
    }

    [Fact]
    public async Task A_family_member_recorded_twenty_times_under_one_key_is_one_row_and_ten_at_once_are_ten()
    {
        var person = await s.Person();
        var command = new RecordFamilyMember.Command(s.SocialWorker, s.Key(), person, "Mary Example", "sister", SameHousehold: false);

        var same = await AtOnceAsync(20, _ => s.App.SendAsync(command));
        var different = await AtOnceAsync(10, i => s.App.SendAsync(command with { IdempotencyKey = s.Key(), Name = $"Relative {(char)('A' + i)}" }));

        OneAnswer(same);
        different.Should().AllSatisfy(a => a.Succeeded.Should().BeTrue(a.ToString()));
        (await s.CountRows("SELECT count(*) FROM sds.family_members WHERE person_id = @P", new { P = person })).Should().Be(11);
    }

    [Fact]
    public async Task A_council_term_added_twenty_times_under_one_key_is_one_row()
    {
        var command = new ChangeExcludedTerms.Command(s.Finance, s.Key(), s.CouncilId, "alcohol", ChangeExcludedTerms.Kind.Words, "Prosecco");

        var same = await AtOnceAsync(20, _ => s.App.SendAsync(command));
        var sameTermOtherKeys = await AtOnceAsync(10, _ => s.App.SendAsync(command with { IdempotencyKey = s.Key() }));

        OneAnswer(same);
        sameTermOtherKeys.Should().AllSatisfy(a => (a.Succeeded || a.Refusal is not null || a.Errors.Count > 0).Should().BeTrue(a.ToString()));
        (await s.CountRows("SELECT count(*) FROM sds.excluded_purpose_terms WHERE council_id = @C AND lower(term) = 'prosecco'", new { C = s.CouncilId }))
            .Should().Be(1, "the same term once, however many ask at once");
    }

    [Fact]
    public async Task A_review_recorded_twenty_times_under_one_key_is_one_review()
    {
        var (_, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        var before = await s.CountRows("SELECT count(*) FROM sds.reviews WHERE budget_id = @B AND done_on IS NOT NULL", new { B = budget.BudgetId });
        var command = new RecordReview.Command(s.SocialWorker, s.Key(), budget.BudgetId, new LocalDate(2026, 11, 20), "Carry on as agreed.");

        OneAnswer(await AtOnceAsync(20, _ => s.App.SendAsync(command)));
        (await s.CountRows("SELECT count(*) FROM sds.reviews WHERE budget_id = @B AND done_on IS NOT NULL", new { B = budget.BudgetId })).Should().Be(before + 1);
    }

    [Fact]
    public async Task A_person_changed_twenty_times_under_one_key_is_one_change_and_racing_changes_each_leave_a_record()
    {
        var person = await s.Person();
        var command = new UpdatePerson.Command(s.SocialWorker, s.Key(), person, Contact: "4 Shore Road, Kirkton");

        OneAnswer(await AtOnceAsync(20, _ => s.App.SendAsync(command)));
        var racing = await AtOnceAsync(10, i => s.App.SendAsync(command with { IdempotencyKey = s.Key(), Contact = $"{i + 10} Harbour Street, Kirkton" }));

        racing.Should().AllSatisfy(a => a.Succeeded.Should().BeTrue(a.ToString()));
        (await s.CountRows("SELECT count(*) FROM sds.person_changes WHERE person_id = @P AND field = 'contact'", new { P = person })).Should().Be(11);
    }

    [Fact]
    public async Task A_request_for_a_change_sent_twenty_times_under_one_key_lands_once_in_the_queue()
    {
        var person = await s.Person();
        var command = new AskForChange.Command(s.PersonActor(person), s.Key(), person, ChangeKind.Purchase, "A bike to get to my course.");

        OneAnswer(await AtOnceAsync(20, _ => s.App.SendAsync(command)));
        (await s.CountRows("SELECT count(*) FROM sds.change_requests WHERE person_id = @P", new { P = person })).Should().Be(1);
    }
}
