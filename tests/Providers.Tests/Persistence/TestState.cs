namespace Hybrid.Providers.Tests.Persistence;

/// <summary>
/// A grain state with nested collections, as a session grain would keep. <c>[GenerateSerializer]</c> also puts it
/// on Orleans' type allow-list, which the default (Newtonsoft) storage serializer checks when reading <c>$type</c>.
/// </summary>
[GenerateSerializer]
public sealed class TestState
{
    [Id(0)]
    public string Text { get; set; } = "";

    [Id(1)]
    public List<int> Chunks { get; set; } = [];

    [Id(2)]
    public Dictionary<string, string> Tags { get; set; } = [];
}
