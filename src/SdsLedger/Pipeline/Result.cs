using System.Text.Json.Serialization;
using SdsLedger.Domain.Spending;

namespace SdsLedger.Pipeline;

/// <summary>A field of the input that is wrong, and how to put it right.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>What every command and query answers, without its value: done, refused with a reason, or invalid input.</summary>
public interface IAnswer
{
    Refusal? Refusal { get; }
    IReadOnlyList<FieldError> Errors { get; }
    bool Succeeded { get; }
}

/// <summary>An answer that the pipeline's behaviours can make a refusal or an invalid-input answer of, before any handler runs.</summary>
public interface IAnswer<TSelf> : IAnswer where TSelf : IAnswer<TSelf>
{
    static abstract TSelf Refused(Refusal refusal);
    static abstract TSelf Invalid(IReadOnlyList<FieldError> errors);
}

/// <summary>
/// The answer to a command or query: a value, a business refusal (a rule's code and plain-English reason),
/// or the fields of the input that are wrong. Refusals are values, not exceptions.
/// </summary>
public sealed record Result<T> : IAnswer<Result<T>>
{
    [JsonConstructor]
    public Result(T? value, Refusal? refusal, IReadOnlyList<FieldError>? errors)
    {
        Value = value;
        Refusal = refusal;
        Errors = errors ?? [];
    }

    public T? Value { get; }
    public Refusal? Refusal { get; }
    public IReadOnlyList<FieldError> Errors { get; }

    [JsonIgnore]
    public bool Succeeded => Refusal is null && Errors.Count == 0;

    public static Result<T> Ok(T value) => new(value, null, null);
    public static Result<T> Refused(Refusal refusal) => new(default, refusal, null);
    public static Result<T> Refused(string code, string reason) => new(default, new Refusal(code, reason), null);
    public static Result<T> Invalid(IReadOnlyList<FieldError> errors) => new(default, null, errors);
    public static Result<T> Invalid(string field, string message) => new(default, null, [new FieldError(field, message)]);

    public static implicit operator Result<T>(T value) => Ok(value);
    public static implicit operator Result<T>(Refusal refusal) => Refused(refusal);

    public override string ToString() =>
        Succeeded ? $"ok: {Value}" : Refusal is not null ? $"refused {Refusal}" : "invalid: " + string.Join("; ", Errors.Select(e => $"{e.Field}: {e.Message}"));
}
