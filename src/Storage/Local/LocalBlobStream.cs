using Hybrid.Storage.Blobs;

namespace Hybrid.Storage.Local;

/// <summary>An open local object for streaming to a client; the caller disposes <see cref="Content"/>.</summary>
public sealed record LocalBlobStream(BlobProperties Properties, Stream Content);
