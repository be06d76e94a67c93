using System.Text.Json;
using SdsLedger.Domain;
using SdsLedger.Pipeline;

namespace SdsLedger.Tests.Foundation;

public sealed class JsonTests
{
    private sealed record Answer(Money Amount, Money Refund);

    [Fact]
    public void An_amount_is_written_as_its_pence_and_pounds_and_read_back_the_same()
    {
        var answer = new Answer(Money.FromPounds(1795.06m), Money.FromPence(-250));

        var json = JsonSerializer.Serialize(answer, SdsJson.Options);

        json.Should().Be("""{"amount":{"pence":179506,"pounds":1795.06},"refund":{"pence":-250,"pounds":-2.5}}""");
        JsonSerializer.Deserialize<Answer>(json, SdsJson.Options).Should().Be(answer);
    }

    [Fact]
    public void An_answer_stored_before_amounts_lost_their_helper_flags_still_reads()
    {
        const string Stored = """{"amount":{"pence":100,"pounds":1,"isNegative":false,"isZero":false,"isPositive":true},"refund":{"pence":0}}""";

        JsonSerializer.Deserialize<Answer>(Stored, SdsJson.Options).Should().Be(new Answer(Money.FromPence(100), Money.Zero));
    }

    [Fact]
    public void Request_hashes_are_taken_over_the_shape_stored_answers_were_keyed_by()
    {
        // Changing this text would turn every retry of a command stored before the change into an idempotency conflict.
        JsonSerializer.Serialize(new Answer(Money.FromPence(100), Money.Zero), SdsJson.Canonical).Should().Be(
            """{"amount":{"pence":100,"pounds":1,"isNegative":false,"isZero":false,"isPositive":true},"refund":{"pence":0,"pounds":0,"isNegative":false,"isZero":true,"isPositive":false}}""");
    }
}
