namespace Hybrid.Grains.Interfaces.Recording;

/// <summary>One part of a multipart upload: <c>PUT</c> exactly <see cref="SizeBytes"/> bytes to <see cref="Url"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record PartGrant(
    [property: Id(0)] int PartNumber,
    [property: Id(1)] string Url,
    [property: Id(2)] long SizeBytes,
    [property: Id(3)] IReadOnlyDictionary<string, string> Headers);
