using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hybrid.Grains.Recording;

/// <summary>How the session's JSON objects (manifest, transcripts) are written: camelCase, like the REST API.</summary>
public static class ArtifactJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);
}
