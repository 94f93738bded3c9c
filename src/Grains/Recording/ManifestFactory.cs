using Hybrid.Grains.Interfaces.Recording;

namespace Hybrid.Grains.Recording;

/// <summary>Builds <c>manifest.json</c> from a session's state.</summary>
public static class ManifestFactory
{
    public const int Version = 2;

    public static SessionManifest Create(string sessionId, string userId, RecordingState recording, string livePassStatus, DateTimeOffset now)
    {
        var options = recording.Options ?? new RecordingOptions("webm/opus", 48000, 5);
        var chunks = recording.Chunks.Values.OrderBy(c => c.Seq).ToArray();
        var transcription = new Dictionary<string, string>
        {
            ["live"] = livePassStatus,
            ["batch"] = "not_started",
        };
        return new SessionManifest(
            Version,
            sessionId,
            userId,
            options.Codec,
            options.SampleRate,
            options.ChunkSeconds,
            recording.FinalizedUtc is null ? "recording" : "finalized",
            recording.FinalizedUtc is not null,
            recording.CreatedUtc,
            now,
            recording.FinalizedUtc,
            chunks.Sum(c => c.Bytes),
            chunks.Length == 0 ? 0 : chunks.Max(c => c.TEndMs),
            chunks,
            recording.History.ToArray(),
            transcription);
    }
}
