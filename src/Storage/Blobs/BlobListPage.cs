namespace Hybrid.Storage.Blobs;

/// <summary>One page of a listing; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record BlobListPage(IReadOnlyList<BlobProperties> Items, IReadOnlyList<string> Prefixes, string? ContinuationToken);
