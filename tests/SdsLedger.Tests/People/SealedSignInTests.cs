using System.Security.Cryptography;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using SdsLedger.Access;
using SdsLedger.Features.People;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.People;

/// <summary>
/// Where a person's sign-in codes go (their email address, their mobile number) is kept sealed with their key, and they
/// are found at sign-in by a keyed match of the address: a dump of the database holds neither address, yet the person
/// signing in with it, however they type it, is found, and no two people can have the same one, even at the same moment.
/// </summary>
public sealed class SealedSignInTests(SdsScenario s) : IClassFixture<SdsScenario>, IAsyncDisposable
{
    private readonly Npgsql.NpgsqlDataSource _dataSource = Npgsql.NpgsqlDataSource.Create(s.ConnectionString);

    private PersonSignIn SignIn() =>
        new(_dataSource, RandomNumberGenerator.GetBytes(32), s.App.Services.GetRequiredService<KeyEncryptionKey>());

    private Task<Result<Guid>> SetAsync(Guid person, string? email, string? mobile, string? key = null) =>
        s.App.SendAsync(new SetPersonSignIn.Command(s.SocialWorker, key ?? s.Key(), person, email, mobile));

    private Task<IReadOnlyList<(string? Email, string? Mobile, byte[]? EmailMatch, byte[]? MobileMatch)>> HeldFor(Guid person) =>
        s.Query<(string?, string?, byte[]?, byte[]?)>("SELECT email, mobile, email_match, mobile_match FROM sds.people WHERE id = @person", new { person });

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Addresses_are_sealed_and_the_person_is_found_by_them_however_they_are_typed()
    {
        var person = await s.Person();
        SdsScenario.Ok(await SetAsync(person, " Morag.Balfron@Example.com ", "+44 7700 900321"));

        var held = (await HeldFor(person)).Single();
        PersonKeys.IsSealed(held.Email).Should().BeTrue("the email address is kept sealed with the person's key");
        PersonKeys.IsSealed(held.Mobile).Should().BeTrue("so is the mobile number");
        held.EmailMatch.Should().HaveCount(32);
        held.MobileMatch.Should().HaveCount(32);
        (await s.Reveal(held.Email!)).Should().Be("Morag.Balfron@Example.com", "the address opens as it was given");
        (await s.Reveal(held.Mobile!)).Should().Be("07700900321");
        var dump = (await s.DumpDataAsync()).ToLowerInvariant();
        dump.Should().NotContain("balfron").And.NotContain("7700900321").And.NotContain("7700 900321");

        var byEmail = await SignIn().StartAsync(Guid.NewGuid(), "  MORAG.balfron@example.COM ", "123456");
        byEmail.Should().NotBeNull("the address typed in other capitals is the same address");
        byEmail!.PersonId.Should().Be(person);
        byEmail.Channel.Should().Be("email");
        byEmail.Address.Should().Be("MORAG.balfron@example.COM", "the code goes to the address typed");
        var byMobile = await SignIn().StartAsync(Guid.NewGuid(), "07700 900 321", "123456");
        byMobile.Should().NotBeNull();
        (byMobile!.PersonId, byMobile.Channel, byMobile.Address).Should().Be((person, "sms", "07700900321"));
        (await SignIn().StartAsync(Guid.NewGuid(), "morag.balfron@example.org", "123456")).Should().BeNull("nobody has that address");
        (await s.Count("SELECT count(*) FROM sds.person_sign_in_codes WHERE person_id = @person", new { person })).Should().Be(2);

        // What is given replaces what was there: the mobile alone, then neither, which stops codes being sent.
        SdsScenario.Ok(await SetAsync(person, null, "07700 900321"));
        (await SignIn().StartAsync(Guid.NewGuid(), "morag.balfron@example.com", "123456")).Should().BeNull("the email was replaced");
        (await SignIn().StartAsync(Guid.NewGuid(), "07700900321", "123456"))!.PersonId.Should().Be(person);
        SdsScenario.Ok(await SetAsync(person, null, null));
        (await HeldFor(person)).Single().Should().Be((null, null, null, null));
        (await SignIn().StartAsync(Guid.NewGuid(), "07700900321", "123456")).Should().BeNull("with neither, no code is sent");
    }

    [Fact]
    public async Task A_second_person_cannot_have_an_address_already_taken_and_nothing_of_theirs_is_written()
    {
        var first = await s.Person();
        var second = await s.Person();
        SdsScenario.Ok(await SetAsync(first, "eilidh.crianlarich@example.com", "07700 900654"));

        var sameEmail = await SetAsync(second, "EILIDH.Crianlarich@example.com ", null);
        var sameMobile = await SetAsync(second, null, "+447700900654");

        sameEmail.Errors.Should().ContainSingle(e => e.Field == "Email" && e.Message.Contains("Another person here signs in with that email address"));
        sameMobile.Errors.Should().ContainSingle(e => e.Field == "Mobile" && e.Message.Contains("that mobile number"), sameMobile.ToString());
        (await HeldFor(second)).Single().Should().Be((null, null, null, null), "nothing was written for the second person");
    }

    [Fact]
    public async Task An_address_written_before_addresses_were_sealed_still_signs_in_and_is_still_taken()
    {
        var old = await s.Person();
        await s.Execute("UPDATE sds.people SET email = 'Old.Style@example.com', mobile = '07700900777' WHERE id = @old", new { old });

        (await SignIn().StartAsync(Guid.NewGuid(), "old.style@EXAMPLE.com", "123456"))!.PersonId.Should().Be(old);
        (await SignIn().StartAsync(Guid.NewGuid(), "07700 900777", "123456"))!.PersonId.Should().Be(old);
        var other = await s.Person();
        (await SetAsync(other, "old.style@example.com", null)).Errors.Should().ContainSingle(e => e.Field == "Email");
        (await SetAsync(other, null, "07700900777")).Errors.Should().ContainSingle(e => e.Field == "Mobile");

        // Given again, the address is sealed like any other.
        SdsScenario.Ok(await SetAsync(old, "Old.Style@example.com", "07700900777"));
        PersonKeys.IsSealed((await HeldFor(old)).Single().Email).Should().BeTrue();
        (await SignIn().StartAsync(Guid.NewGuid(), "old.style@example.com", "123456"))!.PersonId.Should().Be(old);
    }

    [Fact]
    public async Task Twenty_copies_under_one_key_are_one_answer_and_people_racing_for_one_address_get_it_once()
    {
        var person = await s.Person();
        var key = s.Key();
        var copies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => SetAsync(person, "ruaridh.tyndrum@example.com", null, key))));
        copies.Should().AllSatisfy(a => a.Value.Should().Be(person, a.ToString()));

        var racers = new List<Guid>();
        for (var i = 0; i < 8; i++) racers.Add(await s.Person());
        var racing = await Task.WhenAll(racers.Select(p => Task.Run(() => SetAsync(p, "shared.address@example.com", "07700900888"))));

        racing.Count(a => a.Succeeded).Should().Be(1, "one of them gets the address");
        racing.Where(a => !a.Succeeded).Should().AllSatisfy(a => a.Errors.Should().ContainSingle(e => e.Field == "Email" || e.Field == "Mobile", a.ToString()));
        (await s.Count("SELECT count(*) FROM sds.people WHERE id = ANY(@racers) AND email IS NOT NULL", new { racers = racers.ToArray() })).Should().Be(1);
    }

    [Fact]
    public async Task Erasure_clears_the_addresses_and_nobody_signs_in_with_them()
    {
        var person = await s.Person();
        SdsScenario.Ok(await SetAsync(person, "fionnghal.ardlui@example.com", "07700900999"));
        SdsScenario.Ok(await s.App.SendAsync(new ErasePerson.Command(s.Finance, s.Key(), person, "Asked to be forgotten; no duty to keep")));

        (await HeldFor(person)).Single().Should().Be((null, null, null, null));
        (await SignIn().StartAsync(Guid.NewGuid(), "fionnghal.ardlui@example.com", "123456")).Should().BeNull();
        (await SignIn().StartAsync(Guid.NewGuid(), "07700900999", "123456")).Should().BeNull();
        (await SetAsync(person, "fionnghal.ardlui@example.com", null)).Refusal!.Reason.Should().Be(PersonErasedException.Refusal);
    }

    [Fact]
    public async Task Any_text_for_an_address_is_taken_or_refused_naming_its_field_and_never_fails()
    {
        var person = await s.Person();
        var text = Gen.OneOf(Gen.String, Gen.String[Gen.Char, 0, 400], Gen.Const("a@b\0c"), Gen.Const("07700\0900123"), Gen.Const("enc1:x@y"),
                             Gen.Const(new string('x', 250) + "@example.com"), Gen.Const("+44 (7700) 900-123"));
        await Gen.Select(text, text).SampleAsync(async pair =>
        {
            var answer = await SetAsync(person, pair.Item1, pair.Item2);
            answer.Refusal.Should().BeNull(answer.ToString());
            answer.Errors.Select(e => e.Field).Should().BeSubsetOf(["Email", "Mobile"], answer.ToString());
            (await SignIn().StartAsync(Guid.NewGuid(), pair.Item1, "123456"))?.PersonId.Should().Be(person);
        }, iter: 60, threads: 1);
        var held = (await HeldFor(person)).Single();
        (held.Email is null || PersonKeys.IsSealed(held.Email)).Should().BeTrue();
    }
}
