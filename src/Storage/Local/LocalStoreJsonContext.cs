using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hybrid.Storage.Local;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LocalObjectMetadata))]
[JsonSerializable(typeof(LocalMultipartUpload))]
internal sealed partial class LocalStoreJsonContext : JsonSerializerContext;
