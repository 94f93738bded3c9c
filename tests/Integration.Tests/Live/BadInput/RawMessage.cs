namespace Hybrid.Integration.Tests.Live.BadInput;

/// <summary>A hub message as it came off the wire, decoded to plain values (maps, lists, strings, numbers, bytes).</summary>
public sealed record RawMessage(int Type, string? InvocationId, string? Target, IReadOnlyList<object?> Arguments, string? Error, object? Result)
{
    public const int Invocation = 1;
    public const int StreamItem = 2;
    public const int Completion = 3;
    public const int Ping = 6;
    public const int Close = 7;

    /// <summary>A field of the first argument (events carry one object).</summary>
    public string? Field(string name) =>
        Arguments.Count > 0 && Arguments[0] is IReadOnlyDictionary<string, object?> map && map.TryGetValue(name, out var value) ? value?.ToString() : null;

    /// <summary>A field of the result object.</summary>
    public object? ResultField(string name) =>
        Result is IReadOnlyDictionary<string, object?> map && map.TryGetValue(name, out var value) ? value : null;

    public override string ToString() =>
        $"type {Type} id {InvocationId} target {Target} error '{Error}' args [{string.Join(", ", Arguments.Select(Show))}]";

    private static string Show(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => "{" + string.Join(", ", map.Select(kv => $"{kv.Key}: {Show(kv.Value)}")) + "}",
        _ => value?.ToString() ?? "null",
    };
}
