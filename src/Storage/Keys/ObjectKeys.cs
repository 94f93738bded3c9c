using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Hybrid.Storage.Keys;

/// <summary>
/// The only place object keys are built (layout in docs/api.md). Every component is validated here, so a
/// key that reaches a store can never escape its owner's prefix.
/// </summary>
/// <remarks>
/// <code>
/// users/{userId}/audio/sessions/{sessionId}/chunks/{seq:00000}-{tStartMs:000000000}-{tEndMs:000000000}.{ext}
/// users/{userId}/audio/sessions/{sessionId}/transcriptions/chunk-{seq:00000}.json | live.json | final-batch.json
/// users/{userId}/audio/sessions/{sessionId}/transcriptions/segments/{page:00000}.json
/// users/{userId}/audio/sessions/{sessionId}/audio/live-{startMs:000000000}.wav
/// users/{userId}/audio/sessions/{sessionId}/manifest.json
/// users/{userId}/files/{relative path}
/// users/{userId}/memory/{yyyy}/{MM}/{dd}/{epochMs}-{guid}.json
/// public/memory/{yyyy}/{MM}/{dd}/{epochMs}-{guid}.json
/// </code>
/// </remarks>
public static partial class ObjectKeys
{
    /// <summary>S3's key limit in UTF-8 bytes; the local store applies the same.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>Largest chunk sequence number (five digits in the key).</summary>
    public const int MaxSequence = 99_999;

    /// <summary>Largest chunk time in milliseconds (nine digits in the key, about 277 hours).</summary>
    public const long MaxTimeMs = 999_999_999;

    /// <summary>Prefix of the public (unauthenticated) memory store.</summary>
    public const string PublicMemoryPrefix = "public/memory/";

    /// <summary>True when <paramref name="id"/> may be a user or session id: 1–128 of <c>A–Z a–z 0–9 . _ @ -</c>, and no <c>..</c>.</summary>
    public static bool IsValidId(string? id) =>
        id is not null && IdPattern().IsMatch(id) && !id.Contains("..", StringComparison.Ordinal) && id != ".";

    /// <summary>
    /// True when <paramref name="key"/> is already a normalised relative path of at most
    /// <see cref="MaxKeyBytes"/> bytes; stores refuse every other key.
    /// </summary>
    public static bool IsValidKey(string? key) =>
        RelativePath.TryNormalize(key, MaxKeyBytes, out var normalized, out _) && string.Equals(normalized, key, StringComparison.Ordinal);

    /// <summary><c>users/{userId}/</c>: everything a user owns.</summary>
    public static string UserPrefix(string userId) => $"users/{Id(userId, nameof(userId))}/";

    /// <summary><c>users/{userId}/audio/sessions/</c>.</summary>
    public static string SessionsPrefix(string userId) => $"{UserPrefix(userId)}audio/sessions/";

    /// <summary><c>users/{userId}/audio/sessions/{sessionId}/</c>.</summary>
    public static string SessionPrefix(string userId, string sessionId) =>
        $"{SessionsPrefix(userId)}{Id(sessionId, nameof(sessionId))}/";

    /// <summary><c>users/{userId}/audio/sessions/{sessionId}/chunks/</c>.</summary>
    public static string ChunksPrefix(string userId, string sessionId) => $"{SessionPrefix(userId, sessionId)}chunks/";

    /// <summary>
    /// <c>…/chunks/{seq:00000}-{tStartMs:000000000}-{tEndMs:000000000}.{ext}</c>, the extension from
    /// <paramref name="contentType"/> (see <see cref="AudioContentTypes"/>; unknown types are refused).
    /// </summary>
    public static string Chunk(string userId, string sessionId, int seq, long tStartMs, long tEndMs, string contentType)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seq);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seq, MaxSequence);
        ArgumentOutOfRangeException.ThrowIfNegative(tStartMs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tEndMs, MaxTimeMs);
        if (tEndMs <= tStartMs)
        {
            throw new ArgumentOutOfRangeException(nameof(tEndMs), tEndMs, "tEndMs must be greater than tStartMs");
        }

        if (!AudioContentTypes.TryGetExtension(contentType, out var extension))
        {
            throw new ArgumentException($"unsupported audio content type '{contentType}'", nameof(contentType));
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{ChunksPrefix(userId, sessionId)}{seq:00000}-{tStartMs:000000000}-{tEndMs:000000000}.{extension}");
    }

    /// <summary><c>…/transcriptions/chunk-{seq:00000}.json</c>: the live words inside one chunk.</summary>
    public static string ChunkTranscription(string userId, string sessionId, int seq)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seq);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seq, MaxSequence);
        return string.Create(CultureInfo.InvariantCulture, $"{SessionPrefix(userId, sessionId)}transcriptions/chunk-{seq:00000}.json");
    }

    /// <summary><c>…/transcriptions/live.json</c>: all live finals.</summary>
    public static string LiveTranscription(string userId, string sessionId) =>
        $"{SessionPrefix(userId, sessionId)}transcriptions/live.json";

    /// <summary><c>…/transcriptions/segments/</c>: the live pass's append-only segment log.</summary>
    public static string SegmentsPrefix(string userId, string sessionId) =>
        $"{SessionPrefix(userId, sessionId)}transcriptions/segments/";

    /// <summary><c>…/transcriptions/segments/{page:00000}.json</c>: one page of the segment log.</summary>
    public static string SegmentPage(string userId, string sessionId, int page)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(page, MaxSequence);
        return string.Create(CultureInfo.InvariantCulture, $"{SegmentsPrefix(userId, sessionId)}{page:00000}.json");
    }

    /// <summary><c>…/transcriptions/final-batch.json</c>: the second pass.</summary>
    public static string FinalBatchTranscription(string userId, string sessionId) =>
        $"{SessionPrefix(userId, sessionId)}transcriptions/final-batch.json";

    /// <summary>
    /// <c>…/audio/live-{startMs:000000000}.wav</c>: live audio (16 kHz mono WAV) from <paramref name="startMs"/>
    /// that the live pass could not transcribe (the recognizer stayed away too long), kept for a later pass.
    /// </summary>
    public static string LiveAudio(string userId, string sessionId, long startMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startMs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startMs, MaxTimeMs);
        return string.Create(CultureInfo.InvariantCulture, $"{SessionPrefix(userId, sessionId)}audio/live-{startMs:000000000}.wav");
    }

    /// <summary><c>…/manifest.json</c>; only the session grain writes it.</summary>
    public static string Manifest(string userId, string sessionId) => $"{SessionPrefix(userId, sessionId)}manifest.json";

    /// <summary><c>users/{userId}/files/</c>, or <c>users/{userId}/files/{folder}/</c> for a sanitised folder.</summary>
    public static string UserFilesPrefix(string userId, string? folder = null)
    {
        var root = $"{UserPrefix(userId)}files/";
        return string.IsNullOrEmpty(folder) ? root : $"{root}{Relative(folder, nameof(folder))}/";
    }

    /// <summary><c>users/{userId}/files/{relative}</c>; throws <see cref="ArgumentException"/> (with the reason) when <paramref name="relativePath"/> is refused.</summary>
    public static string UserFile(string userId, string relativePath) => $"{UserFilesPrefix(userId)}{Relative(relativePath, nameof(relativePath))}";

    /// <summary>Like <see cref="UserFile"/>, for client input: false with a client-facing reason instead of throwing.</summary>
    public static bool TryUserFile(string userId, string? relativePath, out string key, out string error)
    {
        key = string.Empty;
        if (!IsValidId(userId))
        {
            error = "invalid user id";
            return false;
        }

        if (!RelativePath.TryNormalize(relativePath, out var normalized, out error))
        {
            return false;
        }

        key = $"{UserFilesPrefix(userId)}{normalized}";
        return true;
    }

    /// <summary><c>users/{userId}/memory/</c>.</summary>
    public static string MemoryPrefix(string userId) => $"{UserPrefix(userId)}memory/";

    /// <summary><c>users/{userId}/memory/{yyyy}/{MM}/{dd}/{epochMs}-{guid}.json</c>, dated in UTC.</summary>
    public static string Memory(string userId, DateTimeOffset at, Guid id) => MemoryPrefix(userId) + DatedName(at, id);

    /// <summary><c>public/memory/{yyyy}/{MM}/{dd}/{epochMs}-{guid}.json</c>, dated in UTC.</summary>
    public static string PublicMemory(DateTimeOffset at, Guid id) => PublicMemoryPrefix + DatedName(at, id);

    private static string DatedName(DateTimeOffset at, Guid id)
    {
        var utc = at.ToUniversalTime();
        return string.Create(CultureInfo.InvariantCulture, $"{utc:yyyy}/{utc:MM}/{utc:dd}/{utc.ToUnixTimeMilliseconds()}-{id:D}.json");
    }

    private static string Id(string value, string paramName) =>
        IsValidId(value) ? value : throw new ArgumentException($"'{Printable(value)}' is not a valid id", paramName);

    private static string Relative(string value, string paramName) =>
        RelativePath.TryNormalize(value, out var normalized, out var error) ? normalized : throw new ArgumentException(error, paramName);

    // Ids end up in exception messages and logs; keep those single-line and short.
    private static string Printable(string? value)
    {
        if (value is null)
        {
            return "(null)";
        }

        var builder = new StringBuilder(Math.Min(value.Length, 64));
        foreach (var c in value.AsSpan(0, Math.Min(value.Length, 64)))
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }

    // \z, not $: "$" would also accept a trailing newline.
    [GeneratedRegex("^[A-Za-z0-9._@-]{1,128}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
