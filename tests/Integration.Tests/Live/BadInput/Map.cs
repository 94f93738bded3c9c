namespace Hybrid.Integration.Tests.Live.BadInput;

/// <summary>A JSON object / MessagePack map in a test case, keys in insertion order.</summary>
public sealed class Map : List<KeyValuePair<string, object?>>
{
    public object? this[string key]
    {
        set => Add(new KeyValuePair<string, object?>(key, value));
    }
}
