using System.Globalization;
using System.Text.Json;
using Hybrid.Gateway.Api.Files;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Keys;

namespace Hybrid.Gateway.Api.Memory;

/// <summary>
/// Stores client JSON objects wrapped as <c>{ id, storedAt, userId, source, data }</c>. Everything
/// outside <c>data</c> comes from the server (the id, the clock, the token's <c>sub</c>); a
/// <c>userId</c> the client puts in its JSON stays inside <c>data</c> and means nothing.
/// </summary>
internal sealed class MemoryStore(IBlobStore store, TimeProvider time, ILogger logger)
{
    private const string JsonContentType = "application/json";

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 64,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,

        // {"a":1,"a":2} means different things to different readers: refuse it.
        AllowDuplicateProperties = false,
    };

    public async Task<MemoryStored> StoreAsync(string userId, byte[] body, CancellationToken cancellationToken)
    {
        if (!ObjectKeys.IsValidId(userId))
        {
            throw new ApiFailure(StatusCodes.Status403Forbidden, "forbidden", "this account cannot use the memory store");
        }

        using var data = ParseObject(body);
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var key = ObjectKeys.Memory(userId, now, id);
        await store.PutAsync(key, Wrap(id, now, userId, "api", data.RootElement), JsonContentType, cancellationToken);
        logger.LogInformation("Stored memory entry {Id} for {UserId} at {Key} ({Bytes} bytes)", id, userId, key, body.Length);
        return new MemoryStored(id.ToString("D"), key);
    }

    public async Task<PublicMemoryStored> StorePublicAsync(byte[] body, string? remoteAddress, CancellationToken cancellationToken)
    {
        using var data = ParseObject(body);
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var key = ObjectKeys.PublicMemory(now, id);
        await store.PutAsync(key, Wrap(id, now, null, "public", data.RootElement), JsonContentType, cancellationToken);
        logger.LogInformation("Stored public memory entry {Id} from {RemoteAddress} at {Key} ({Bytes} bytes)", id, remoteAddress, key, body.Length);
        return new PublicMemoryStored(id.ToString("D"));
    }

    public async Task<MemoryListPage> ListAsync(string userId, string? continuationToken, string? limit, CancellationToken cancellationToken)
    {
        if (!ObjectKeys.IsValidId(userId))
        {
            throw new ApiFailure(StatusCodes.Status403Forbidden, "forbidden", "this account cannot use the memory store");
        }

        var pageSize = FileManager.ParseLimit(limit);
        var page = await store.ListAsync(ObjectKeys.MemoryPrefix(userId), string.IsNullOrEmpty(continuationToken) ? null : continuationToken,
            pageSize, null, cancellationToken);
        var items = new List<MemoryListItem>(page.Items.Count);
        foreach (var item in page.Items)
        {
            if (Parse(item.Key) is { } entry)
            {
                items.Add(new MemoryListItem(entry.Id, item.Key, entry.StoredAt, item.Size));
            }
        }

        return new MemoryListPage(items, page.ContinuationToken);
    }

    private static JsonDocument ParseObject(byte[] body)
    {
        if (body.Length == 0)
        {
            throw ApiFailure.InvalidJson("the body must be a JSON object");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException)
        {
            throw ApiFailure.InvalidJson("the body is not valid JSON (UTF-8, no comments, trailing commas or repeated property names)");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw ApiFailure.InvalidJson("the body must be a JSON object");
        }

        return document;
    }

    private static byte[] Wrap(Guid id, DateTimeOffset storedAt, string? userId, string source, JsonElement data)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id.ToString("D"));
            writer.WriteString("storedAt", storedAt);
            if (userId is not null)
            {
                writer.WriteString("userId", userId);
            }

            writer.WriteString("source", source);
            writer.WritePropertyName("data");
            data.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary><c>…/{epochMs}-{guid}.json</c> → id and time; null for anything else in the folder.</summary>
    private static (string Id, DateTimeOffset StoredAt)? Parse(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !name.EndsWith(".json", StringComparison.Ordinal)
            || !long.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var epochMs)
            || !Guid.TryParseExact(name.AsSpan(dash + 1, name.Length - dash - 1 - ".json".Length), "D", out var id))
        {
            return null;
        }

        try
        {
            return (id.ToString("D"), DateTimeOffset.FromUnixTimeMilliseconds(epochMs));
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}

/// <summary>Answer of <c>POST /api/memory</c>: the entry's id and its object key.</summary>
public sealed record MemoryStored(string Id, string Key);

/// <summary>Answer of <c>POST /api/memory/public</c>: the id only.</summary>
public sealed record PublicMemoryStored(string Id);

/// <summary>One stored entry in a listing.</summary>
public sealed record MemoryListItem(string Id, string Key, DateTimeOffset StoredAt, long Size);

/// <summary>A page of the caller's entries, oldest first; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record MemoryListPage(IReadOnlyList<MemoryListItem> Items, string? ContinuationToken);
