namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>A chunk that should exist but was not verified; <see cref="Grant"/> is a fresh upload URL when its size is known.</summary>
[GenerateSerializer, Immutable]
public sealed record MissingChunk([property: Id(0)] int Seq, [property: Id(1)] ChunkUploadGrant? Grant);
