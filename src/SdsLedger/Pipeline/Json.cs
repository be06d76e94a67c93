using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using SdsLedger.Domain;

namespace SdsLedger.Pipeline;

/// <summary>One set of JSON settings for stored answers, request hashes, the CLI's --json and the API.</summary>
public static class SdsJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false, presentation: true);
    public static JsonSerializerOptions Indented { get; } = Create(indented: true, presentation: true);

    /// <summary>
    /// What a command's request hash is taken over: the shape commands had when their first answers were stored, kept
    /// apart from how answers are presented, so that tidying the presentation never turns a retry into a conflict.
    /// </summary>
    public static JsonSerializerOptions Canonical { get; } = Create(indented: false, presentation: false);

    private static JsonSerializerOptions Create(bool indented, bool presentation)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            TypeInfoResolver = presentation ? new DefaultJsonTypeInfoResolver { Modifiers = { AmountsAsPenceAndPounds } } : new DefaultJsonTypeInfoResolver(),
        };
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return options;
    }

    /// <summary>An amount is written as its pence and pounds, without Money's IsNegative, IsZero and IsPositive helpers.</summary>
    private static void AmountsAsPenceAndPounds(JsonTypeInfo type)
    {
        if (type.Type != typeof(Money)) return;
        foreach (var helper in type.Properties.Where(p => p.Name is not ("pence" or "pounds")).ToList())
            type.Properties.Remove(helper);
    }
}
