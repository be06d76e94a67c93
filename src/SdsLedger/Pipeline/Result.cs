using System.Text.Json.Serialization;
using SdsLedger.Domain.Spending;

namespace SdsLedger.Pipeline;

/// <summary>A field of the input that is wrong, and how to put it right.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>What every command and query answers, without its value: done, refused with a reason, or invalid input.</summary>
public interface IResult
{
    Refusal? Refusal { get; }
    IReadOnlyList<FieldError> Errors { get; }
    bool Succeeded { get; }
}

/// <summary>
/// The answer to a command or query: a value, a business refusal (a rule's code and plain-English reason),
/// or the fields of the input that are wrong. Refusals are values, not exceptions.
/// </summary>
public sealed record Result<T> : IResult
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

/// <summary>Builds a failed answer of any result type, for the behaviours that stop a message before its handler.</summary>
internal static class Failures<TResponse>
{
    private static readonly Type? ValueType =
        typeof(TResponse).IsGenericType && typeof(TResponse).GetGenericTypeDefinition() == typeof(Result<>)
            ? typeof(TResponse).GetGenericArguments()[0]
            : null;

    public static TResponse Refused(Refusal refusal) =>
        ValueType is null
            ? throw new InvalidOperationException($"{typeof(TResponse).Name} is not a Result<T>; every SdsLedger message answers with one.")
            : (TResponse)Activator.CreateInstance(typeof(TResponse), null, refusal, null)!;

    public static TResponse Invalid(IReadOnlyList<FieldError> errors) =>
        ValueType is null
            ? throw new InvalidOperationException($"{typeof(TResponse).Name} is not a Result<T>; every SdsLedger message answers with one.")
            : (TResponse)Activator.CreateInstance(typeof(TResponse), null, null, errors)!;
}
