namespace Hybrid.Grains.Recording;

/// <summary>
/// Which chunk sequence numbers should exist. While recording, a chunk is expected once an upload URL
/// was issued for it, or once its nominal time has passed (plus one chunk of grace for the upload in
/// flight; counted up to a minute past the last upload activity), so a chunk whose presign never even
/// arrived is noticed during the recording, not only
/// after stop. Every number from 0 up to the highest one expected is expected.
/// </summary>
public static class ExpectedChunks
{
    public static IReadOnlyList<int> Compute(RecordingState recording, DateTimeOffset now)
    {
        var seen = recording.Issued.Keys.Concat(recording.Chunks.Keys).ToArray();
        var expected = new SortedSet<int>(seen);
        if (recording.FinalizedUtc is null && recording.Options is { } options)
        {
            // An abandoned, never-finalized session must not "expect" chunks forever: count elapsed
            // time only up to a minute past the last upload activity.
            var lastActivity = recording.Issued.Values.Select(i => i.IssuedUtc)
                .Concat(recording.Chunks.Values.Select(c => c.UploadedUtc))
                .DefaultIfEmpty(recording.CreatedUtc).Max();
            var horizon = now < lastActivity.AddMinutes(1) ? now : lastActivity.AddMinutes(1);
            var elapsedChunks = (int)Math.Floor((horizon - recording.CreatedUtc).TotalSeconds / options.ChunkSeconds) - 1;
            for (var seq = 0; seq < elapsedChunks; seq++)
            {
                expected.Add(seq);
            }
        }

        if (expected.Count > 0)
        {
            // Sequence numbers start at 0 (docs/api.md): every number below the highest is expected.
            for (var seq = 0; seq <= expected.Max; seq++)
            {
                expected.Add(seq);
            }
        }

        return expected.ToArray();
    }
}
