namespace Hybrid.Integration.Tests.Live.BadInput;

/// <summary>The whole bad-input table, by case name.</summary>
public static class BadInputCases
{
    public static IReadOnlyDictionary<string, BadInputCase> ByName { get; } =
        StartSessionCases.All
            .Concat(StreamAndCallCases.Frames)
            .Concat(StreamAndCallCases.Calls)
            .Concat(RawMessageCases.All)
            .ToDictionary(c => c.Name);
}
