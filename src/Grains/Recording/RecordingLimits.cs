namespace Hybrid.Grains.Recording;

/// <summary>Storage-path limits of a session (section <c>Recording</c>).</summary>
public sealed class RecordingLimits
{
    public const string SectionName = "Recording";

    /// <summary>How long a chunk upload URL stays valid.</summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Part size of multipart chunk uploads (S3 needs at least 5 MiB for every part but the last).</summary>
    public long PartSizeBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Longest chunk in time.</summary>
    public TimeSpan MaxChunkDuration { get; set; } = TimeSpan.FromMinutes(10);
}
