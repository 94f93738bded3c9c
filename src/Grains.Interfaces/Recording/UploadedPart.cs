namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>A part of a multipart chunk upload as its PUT answered.</summary>
[GenerateSerializer, Immutable]
public sealed record UploadedPart([property: Id(0)] int PartNumber, [property: Id(1)] string ETag);
