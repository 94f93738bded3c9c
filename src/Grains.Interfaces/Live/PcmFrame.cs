namespace Hybrid.Grains.Interfaces.Live;

/// <summary>A PCM16 little-endian mono frame with its sequence number.</summary>
[GenerateSerializer, Immutable]
public sealed record PcmFrame([property: Id(0)] long Seq, [property: Id(1)] byte[] Pcm);
