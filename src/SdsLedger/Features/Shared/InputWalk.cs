using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using NodaTime;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Shared;

/// <summary>
/// Checks every text, date and list in a message or request body, however deep, so that no field can be forgotten: each
/// text passes <see cref="Validation.TextProblem"/>, each date <see cref="Validation.DateProblem"/> (a date of birth
/// its own range), and no list has an empty (null) entry. Each problem names the field as a validator would
/// ("Parts[1].HolderName").
/// </summary>
public static class InputWalk
{
    private const int MaxDepth = 8;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    public static IReadOnlyList<FieldError> Check(object? value, LocalDate today)
    {
        var errors = new List<FieldError>();
        Walk(value, "", today, birth: false, errors, 0);
        return errors;
    }

    private static void Walk(object? value, string path, LocalDate today, bool birth, List<FieldError> errors, int depth)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                if (Validation.TextProblem(text) is { } problem) errors.Add(new FieldError(Name(path), problem));
                return;
            case LocalDate date:
                if (Validation.DateProblem(date, today, birth) is { } dateProblem) errors.Add(new FieldError(Name(path), dateProblem));
                return;
            case DateOnly day:
                if (Validation.DateProblem(LocalDate.FromDateOnly(day), today, birth) is { } dayProblem) errors.Add(new FieldError(Name(path), dayProblem));
                return;
        }
        if (depth >= MaxDepth) return;
        var type = value.GetType();
        if (value is IEnumerable list and not IDictionary)
        {
            var i = 0;
            foreach (var item in list)
            {
                if (item is null) errors.Add(new FieldError($"{Name(path)}[{i}]", "This entry is empty (null): remove it, or fill it in."));
                else Walk(item, $"{path}[{i}]", today, birth, errors, depth + 1);
                i++;
            }
            return;
        }
        if (type.IsPrimitive || type.IsEnum || type.Namespace?.StartsWith("SdsLedger", StringComparison.Ordinal) != true) return;
        foreach (var property in Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetMethod!.IsPublic).ToArray()))
        {
            object? inner;
            try
            {
                inner = property.GetValue(value);
            }
            catch (TargetInvocationException)
            {
                continue;
            }
            Walk(inner, path.Length == 0 ? property.Name : $"{path}.{property.Name}", today,
                property.Name.Contains("Birth", StringComparison.Ordinal), errors, depth + 1);
        }
    }

    private static string Name(string path) => path.Length == 0 ? "value" : path;
}
