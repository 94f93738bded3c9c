using Orleans.Storage;

namespace Hybrid.Providers.Tests.Persistence;

/// <summary>A System.Text.Json serializer that counts its calls, to prove which serializer a provider uses.</summary>
public sealed class CountingSerializer : IGrainStorageSerializer
{
    private int _serialized;
    private int _deserialized;

    public int Serialized => _serialized;

    public int Deserialized => _deserialized;

    public BinaryData Serialize<T>(T? input)
    {
        Interlocked.Increment(ref _serialized);
        return BinaryData.FromObjectAsJson(input);
    }

    public T Deserialize<T>(BinaryData input)
    {
        Interlocked.Increment(ref _deserialized);
        return input.ToObjectFromJson<T>()!;
    }
}
