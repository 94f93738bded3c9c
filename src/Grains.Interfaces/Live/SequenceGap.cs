namespace Hybrid.Grains.Interfaces.Live;

/// <summary>Frames <see cref="FromSeq"/> up to <see cref="ToSeqExclusive"/> never arrived.</summary>
[GenerateSerializer, Immutable]
public sealed record SequenceGap([property: Id(0)] long FromSeq, [property: Id(1)] long ToSeqExclusive);
