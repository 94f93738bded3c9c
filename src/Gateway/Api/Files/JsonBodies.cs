using System.Text.Json;

namespace Hybrid.Gateway.Api.Files;

/// <summary>Reads small JSON request bodies with stable errors (<c>invalid_json</c>, <c>payload_too_large</c>).</summary>
internal static class JsonBodies
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    /// <summary>The whole body, at most <paramref name="maxBytes"/> (the endpoint's body limit is the first line of defence).</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw ApiFailure.TooLarge($"the body may be at most {maxBytes} bytes");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw ApiFailure.TooLarge($"the body may be at most {maxBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>A JSON object body bound to <typeparamref name="T"/>; anything else is <c>invalid_json</c>.</summary>
    public static async Task<T> ReadObjectAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await ReadBytesAsync(request, maxBytes, cancellationToken);
        if (bytes.Length == 0)
        {
            throw ApiFailure.InvalidJson("the body must be a JSON object");
        }

        try
        {
            // Check the shape first so "[...]" or "42" get the same clear answer as broken JSON.
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw ApiFailure.InvalidJson("the body must be a JSON object");
            }

            return JsonSerializer.Deserialize<T>(bytes, Options) ?? throw ApiFailure.InvalidJson("the body must be a JSON object");
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? string.Empty : $" (at {ex.Path})";
            throw ApiFailure.InvalidJson($"the body is not valid JSON for this request{where}");
        }
    }
}
