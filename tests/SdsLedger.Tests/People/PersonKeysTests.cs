using Microsoft.Extensions.DependencyInjection;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;
using SdsLedger.Testing;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.People;

/// <summary>A person's data key, as the commands that seal their text make and use it.</summary>
public sealed class PersonKeysTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    /// <summary>
    /// Someone with no key yet, as a person registered before keys came in is (registering someone now seals their
    /// registration's audit detail and answer, which makes their key).
    /// </summary>
    private async Task<Guid> PersonWithoutKey()
    {
        var registered = await s.Person();
        var person = await s.Scalar<Guid>("""
            INSERT INTO sds.people (id, council_id, reference, name, date_of_birth, contact, statement_format, social_worker_id)
            SELECT gen_random_uuid(), council_id, @Reference, 'Ailsa Mackerel', date_of_birth, '', statement_format, social_worker_id
              FROM sds.people WHERE id = @registered
            RETURNING id
            """, new { registered, Reference = $"K-{Guid.NewGuid():N}"[..12] });
        (await s.Scalar<long>("SELECT count(*) FROM sds.person_keys WHERE person_id = @person", new { person })).Should().Be(0);
        return person;
    }

    [Fact]
    public async Task A_key_made_in_an_attempt_that_was_rolled_back_is_made_again_by_the_retry_so_its_text_opens()
    {
        var person = await PersonWithoutKey();
        await using var scope = s.App.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var keys = scope.ServiceProvider.GetRequiredService<PersonKeys>();

        // The first attempt makes their key, then fails as a transient failure would, and the pipeline tries again.
        await session.BeginAsync(false, CancellationToken.None);
        await keys.SealAsync(person, "attempt", "Swimming lessons at Kirkton pool", CancellationToken.None);
        await session.RollbackAsync();
        await session.BeginAsync(false, CancellationToken.None);
        var sealedText = await keys.SealAsync(person, "attempt", "Swimming lessons at Kirkton pool", CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);

        (await s.Scalar<long>("SELECT count(*) FROM sds.person_keys WHERE person_id = @person", new { person })).Should().Be(1);
        (await SealedText.OpenAsync(s.App, sealedText)).Should().Be("Swimming lessons at Kirkton pool");
    }

    [Fact]
    public async Task A_key_made_in_refused_work_that_was_undone_is_made_again_for_what_is_written_after()
    {
        var person = await PersonWithoutKey();
        await using var scope = s.App.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var keys = scope.ServiceProvider.GetRequiredService<PersonKeys>();

        // A refused command's work is undone back to its mark, and its records (the audit record) are written after.
        await session.BeginAsync(false, CancellationToken.None);
        await session.MarkWorkAsync(CancellationToken.None);
        await keys.SealAsync(person, "work", "A note that was refused", CancellationToken.None);
        await session.UndoWorkAsync(CancellationToken.None);
        var sealedText = await keys.SealAsync(person, "record", "What the refusal said", CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);

        (await SealedText.OpenAsync(s.App, sealedText)).Should().Be("What the refusal said");
    }
}
