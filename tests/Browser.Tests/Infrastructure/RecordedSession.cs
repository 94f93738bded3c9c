using System.Text.Json;

namespace Hybrid.Browser.Tests.Infrastructure;

/// <summary>
/// What the shared recording produced: the scenario's result, the manifest as REST returned it right
/// after, and the bytes of the second stored chunk (downloaded through its presigned URL).
/// </summary>
public sealed record RecordedSession(string User, double Seconds, JsonElement Result, JsonElement Manifest, byte[] SecondChunk)
{
    public string SessionId => Result.GetProperty("sessionId").GetString()!;
}
