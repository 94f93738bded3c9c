namespace Hybrid.Grains.Interfaces.Live;

/// <summary>What <see cref="ISessionGrain.PushAudio"/> did with a batch.</summary>
/// <param name="Accepted">Frames appended to the audio.</param>
/// <param name="Duplicates">Frames ignored because their sequence number was already received.</param>
/// <param name="NextSeq">The next sequence number the session expects.</param>
/// <param name="Gaps">Gaps found in this batch (also published as <c>sequence_gap</c> errors).</param>
[GenerateSerializer, Immutable]
public sealed record FramesResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] int Duplicates,
    [property: Id(2)] long NextSeq,
    [property: Id(3)] IReadOnlyList<SequenceGap> Gaps);
