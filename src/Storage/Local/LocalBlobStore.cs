using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Hosting;
using Hybrid.Storage.Keys;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hybrid.Storage.Local;

/// <summary>
/// <see cref="IBlobStore"/> on a local folder, for one machine (the embedded default). Presigned
/// URLs point at the gateway's <c>/blobs/{key}</c> endpoints and are HMAC-signed with the shared key
/// in <see cref="StorageOptions.SigningKeyPath"/>; unlike s3rver, every check is enforced here:
/// signature, expiry, method, key, exact Content-Type and exact length.
/// </summary>
/// <remarks>
/// Layout under <see cref="StorageOptions.LocalRoot"/>: <c>objects/{key}</c> (the bytes),
/// <c>metadata/{key}</c> (JSON: type, ETag, size, time), <c>.multipart/{uploadId}/</c> and <c>.tmp/</c>.
/// Metadata lives in its own tree rather than as a <c>{key}.meta.json</c> sidecar so a key can never
/// collide with another key's metadata and a 255-byte name stays under the file-name limit. Every
/// write goes to <c>.tmp/</c> first and is renamed into place only when complete.
/// </remarks>
public sealed class LocalBlobStore : IBlobStore
{
    private const int CopyBufferBytes = 81_920;
    private const string UploadManifestName = "upload.json";

    // Old enough that no write of the silo or the gateway can still be using them.
    private static readonly TimeSpan StaleTempAge = TimeSpan.FromDays(1);
    private static readonly TimeSpan StaleUploadAge = TimeSpan.FromDays(7);

    private readonly string _objectsRoot;
    private readonly string _metadataRoot;
    private readonly string _uploadsRoot;
    private readonly string _tempRoot;
    private readonly long _maxObjectBytes;
    private readonly LocalUrlSigner _signer;
    private readonly TimeProvider _time;
    private readonly ILogger<LocalBlobStore> _logger;

    public LocalBlobStore(IOptions<StorageOptions> options, ILogger<LocalBlobStore> logger, TimeProvider? timeProvider = null)
    {
        var value = options.Value;
        if (string.IsNullOrWhiteSpace(value.LocalRoot) || string.IsNullOrWhiteSpace(value.SigningKeyPath))
        {
            throw new InvalidOperationException("Storage:LocalRoot and Storage:SigningKeyPath must be set for the local store");
        }

        var root = Path.GetFullPath(value.LocalRoot);
        _objectsRoot = Path.Combine(root, "objects");
        _metadataRoot = Path.Combine(root, "metadata");
        _uploadsRoot = Path.Combine(root, ".multipart");
        _tempRoot = Path.Combine(root, ".tmp");
        foreach (var directory in new[] { _objectsRoot, _metadataRoot, _uploadsRoot, _tempRoot })
        {
            Directory.CreateDirectory(directory);
        }

        _maxObjectBytes = value.MaxObjectBytes;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _signer = new LocalUrlSigner(SigningKeyFile.LoadOrCreate(Path.GetFullPath(value.SigningKeyPath), logger), value.PublicBaseUrl);
        SweepStaleFiles();
    }

    /// <summary>The largest object this store accepts (<see cref="StorageOptions.MaxObjectBytes"/>).</summary>
    public long MaxObjectBytes => _maxObjectBytes;

    /// <summary>Path of the endpoints that serve this store's signed URLs.</summary>
    public static string RoutePrefix => LocalUrlSigner.RoutePrefix;

    /// <inheritdoc />
    public Task<PresignedRequest> PresignPutAsync(PresignPutRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        BlobArguments.Key(request.Key, nameof(request));
        BlobArguments.ContentType(request.ContentType, nameof(request));
        BlobArguments.Expiry(request.ExpiresIn, nameof(request));
        BlobArguments.PutLength(request.ContentLength, _maxObjectBytes, request.Key);
        var grant = new LocalBlobGrant("PUT", request.Key, ExpiryFromNow(request.ExpiresIn), request.ContentType, request.ContentLength, null, null, null);
        _logger.LogDebug("Presigned local PUT of {Key} ({ContentLength} bytes of {ContentType}) until {ExpiresAt}",
            request.Key, request.ContentLength, request.ContentType, grant.ExpiresAt);
        return Task.FromResult(new PresignedRequest("PUT", _signer.CreateUrl(grant),
            new Dictionary<string, string> { ["Content-Type"] = request.ContentType }, grant.ExpiresAt));
    }

    /// <inheritdoc />
    public Task<PresignedRequest> PresignGetAsync(string key, TimeSpan expiresIn, string? downloadFileName = null, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        BlobArguments.Expiry(expiresIn);
        var disposition = string.IsNullOrWhiteSpace(downloadFileName) ? null : DownloadNames.ContentDisposition(downloadFileName);
        var grant = new LocalBlobGrant("GET", key, ExpiryFromNow(expiresIn), null, null, null, null, disposition);
        return Task.FromResult(new PresignedRequest("GET", _signer.CreateUrl(grant), new Dictionary<string, string>(), grant.ExpiresAt));
    }

    /// <inheritdoc />
    public async Task<BlobProperties?> HeadAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        var info = new FileInfo(ObjectPath(key));
        if (!info.Exists)
        {
            return null;
        }

        var metadata = await ReadMetadataAsync(key, cancellationToken);
        if (metadata is not null && metadata.Size == info.Length)
        {
            return ToProperties(key, metadata);
        }

        // A crash between the data and metadata renames: rebuild what the metadata would say.
        await using var stream = OpenShared(info.FullName);
        var etag = Convert.ToHexStringLower(await MD5.HashDataAsync(stream, cancellationToken));
        return new BlobProperties(key, info.Length, metadata?.ContentType ?? "application/octet-stream", etag, info.LastWriteTimeUtc);
    }

    /// <inheritdoc />
    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        BlobArguments.ContentType(contentType);
        BlobArguments.PutLength(content.Length, _maxObjectBytes, key);
        using var source = new MemoryStream(content.ToArray(), writable: false);
        var staged = await StageAsync(source, content.Length, cancellationToken);
        await CommitAsync(staged, key, contentType, staged.Md5Hex, cancellationToken);
        _logger.LogDebug("Stored {Key} locally ({Size} bytes of {ContentType})", key, staged.Size, contentType);
    }

    /// <inheritdoc />
    public async Task<BlobContent?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var opened = await OpenReadAsync(key, cancellationToken);
        if (opened is null)
        {
            return null;
        }

        await using (opened.Content)
        {
            if (opened.Content.Length > Array.MaxLength)
            {
                throw new BlobStorageException(BlobStorageError.TooLarge, $"'{key}' is too large to read whole; stream it instead");
            }

            var data = new byte[opened.Content.Length];
            await opened.Content.ReadExactlyAsync(data, cancellationToken);
            var properties = opened.Properties.ETag.Length > 0
                ? opened.Properties
                : opened.Properties with { ETag = Convert.ToHexStringLower(MD5.HashData(data)) };
            return new BlobContent(properties, data);
        }
    }

    /// <summary>Opens an object for streaming (the GET endpoint), or null when it does not exist.</summary>
    public async Task<LocalBlobStream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        FileStream stream;
        try
        {
            stream = OpenShared(ObjectPath(key));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // UnauthorizedAccess: the key names a "folder" (a directory), which is not an object.
            return null;
        }

        var metadata = await ReadMetadataAsync(key, cancellationToken);
        var current = metadata is not null && metadata.Size == stream.Length;
        var properties = new BlobProperties(key, stream.Length,
            metadata?.ContentType ?? "application/octet-stream",
            current ? metadata!.ETag : string.Empty,
            metadata?.LastModified ?? File.GetLastWriteTimeUtc(ObjectPath(key)));
        return new LocalBlobStream(properties, stream);
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        var objectPath = ObjectPath(key);
        var trash = TempPath();
        try
        {
            // Claiming the file by rename makes concurrent deletes agree on who deleted it.
            File.Move(objectPath, trash);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException || (ex is IOException && Directory.Exists(objectPath)))
        {
            return Task.FromResult(false);
        }

        File.Delete(trash);
        var metadataPath = MetadataPath(key);
        File.Delete(metadataPath);
        PruneEmptyDirectories(Path.GetDirectoryName(objectPath)!, _objectsRoot);
        PruneEmptyDirectories(Path.GetDirectoryName(metadataPath)!, _metadataRoot);
        _logger.LogDebug("Deleted {Key} locally", key);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public async Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(sourceKey, nameof(sourceKey));
        BlobArguments.Key(destinationKey, nameof(destinationKey));
        var source = await OpenReadAsync(sourceKey, cancellationToken)
            ?? throw new BlobStorageException(BlobStorageError.NotFound, $"copy source '{sourceKey}' does not exist");
        StagedFile staged;
        await using (source.Content)
        {
            staged = await StageAsync(source.Content, source.Properties.Size, cancellationToken);
        }

        await CommitAsync(staged, destinationKey, source.Properties.ContentType, staged.Md5Hex, cancellationToken);
        _logger.LogDebug("Copied {SourceKey} to {DestinationKey} locally", sourceKey, destinationKey);
    }

    /// <inheritdoc />
    /// <remarks>
    /// S3 semantics: keys in UTF-8 byte order; with a delimiter, each "folder" is one prefix entry;
    /// keys and prefixes together count toward <paramref name="pageSize"/>. Listed items carry no
    /// content type, exactly like S3 listings (HEAD for it), so callers cannot come to rely on it.
    /// </remarks>
    public async Task<BlobListPage> ListAsync(string prefix, string? continuationToken = null, int pageSize = 100, string? delimiter = null, CancellationToken cancellationToken = default)
    {
        BlobArguments.Prefix(prefix);
        BlobArguments.PageSize(pageSize);
        var after = DecodeToken(continuationToken);
        var useDelimiter = !string.IsNullOrEmpty(delimiter);

        var entries = new List<(string Name, bool IsPrefix)>();
        string? lastPrefix = null;
        var truncated = false;
        foreach (var key in EnumerateKeys(prefix))
        {
            var entry = key;
            var isPrefix = false;
            if (useDelimiter)
            {
                var index = key.IndexOf(delimiter!, prefix.Length, StringComparison.Ordinal);
                if (index >= 0)
                {
                    entry = key[..(index + delimiter!.Length)];
                    isPrefix = true;
                }
            }

            if (isPrefix && entry == lastPrefix)
            {
                continue;
            }

            lastPrefix = isPrefix ? entry : lastPrefix;

            // Resume strictly after the token; a prefix token also skips every key under it.
            if (after is not null && (Utf8Ordinal.Instance.Compare(entry, after) <= 0))
            {
                continue;
            }

            if (entries.Count == pageSize)
            {
                truncated = true;
                break;
            }

            entries.Add((entry, isPrefix));
        }

        var items = new List<BlobProperties>();
        foreach (var (name, _) in entries.Where(e => !e.IsPrefix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await HeadAsync(name, cancellationToken) is { } properties)
            {
                items.Add(properties with { ContentType = string.Empty });
            }
        }

        var prefixes = entries.Where(e => e.IsPrefix).Select(e => e.Name).ToList();
        var next = truncated ? EncodeToken(entries[^1].Name) : null;
        return new BlobListPage(items, prefixes, next);
    }

    /// <inheritdoc />
    public async Task<string> CreateMultipartUploadAsync(string key, string contentType, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        BlobArguments.ContentType(contentType);
        var uploadId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var directory = Path.Combine(_uploadsRoot, uploadId);
        Directory.CreateDirectory(directory);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new LocalMultipartUpload(key, contentType, _time.GetUtcNow()), LocalStoreJsonContext.Default.LocalMultipartUpload);
        await WriteFileAtomicallyAsync(Path.Combine(directory, UploadManifestName), manifest, cancellationToken);
        _logger.LogDebug("Started local multipart upload {UploadId} of {Key}", uploadId, key);
        return uploadId;
    }

    /// <inheritdoc />
    public Task<PresignedRequest> PresignPartAsync(string key, string uploadId, int partNumber, long contentLength, TimeSpan expiresIn, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        UploadIdArgument(uploadId);
        BlobArguments.PartNumber(partNumber);
        BlobArguments.PartLength(contentLength, _maxObjectBytes, key);
        BlobArguments.Expiry(expiresIn);
        var grant = new LocalBlobGrant("PUT", key, ExpiryFromNow(expiresIn), null, contentLength, uploadId, partNumber, null);
        return Task.FromResult(new PresignedRequest("PUT", _signer.CreateUrl(grant), new Dictionary<string, string>(), grant.ExpiresAt));
    }

    /// <inheritdoc />
    public async Task CompleteMultipartUploadAsync(string key, string uploadId, IReadOnlyList<CompletedPart> parts, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        UploadIdArgument(uploadId);
        BlobArguments.Parts(parts);
        var upload = await ReadUploadAsync(key, uploadId, cancellationToken)
            ?? throw new BlobStorageException(BlobStorageError.NotFound, $"multipart upload {uploadId} of '{key}' does not exist");
        var directory = Path.Combine(_uploadsRoot, uploadId);

        // Same rules as S3: every listed part exists, all but the last are at least 5 MiB.
        long total = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var info = new FileInfo(Path.Combine(directory, PartName(parts[i].PartNumber)));
            if (!info.Exists)
            {
                throw new BlobStorageException(BlobStorageError.InvalidRequest, $"part {parts[i].PartNumber} of upload {uploadId} was not uploaded");
            }

            if (i < parts.Count - 1 && info.Length < BlobArguments.MinPartBytes)
            {
                throw new BlobStorageException(BlobStorageError.InvalidRequest,
                    $"part {parts[i].PartNumber} has {info.Length} bytes; every part but the last needs at least {BlobArguments.MinPartBytes}");
            }

            total += info.Length;
        }

        if (total > _maxObjectBytes)
        {
            throw new BlobStorageException(BlobStorageError.TooLarge, $"the parts add up to {total} bytes, more than Storage:MaxObjectBytes={_maxObjectBytes}");
        }

        var staged = await ConcatenatePartsAsync(directory, parts, cancellationToken);

        // S3's multipart ETag: MD5 of the parts' binary MD5s, then "-{part count}".
        await CommitAsync(staged, key, upload.ContentType, $"{staged.Md5Hex}-{parts.Count}", cancellationToken);
        TryDeleteDirectory(directory);
        _logger.LogInformation("Completed local multipart upload {UploadId} of {Key} from {PartCount} parts ({Size} bytes)",
            uploadId, key, parts.Count, staged.Size);
    }

    /// <inheritdoc />
    public async Task AbortMultipartUploadAsync(string key, string uploadId, CancellationToken cancellationToken = default)
    {
        BlobArguments.Key(key);
        UploadIdArgument(uploadId);

        // Idempotent, and never touches an upload that belongs to another key.
        if (await ReadUploadAsync(key, uploadId, cancellationToken) is not null)
        {
            TryDeleteDirectory(Path.Combine(_uploadsRoot, uploadId));
            _logger.LogDebug("Aborted local multipart upload {UploadId} of {Key}", uploadId, key);
        }
    }

    /// <summary>Checks a signed URL's method, key and parameters against its signature and expiry.</summary>
    public LocalUrlVerification VerifyUrl(string method, string key, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _signer.Verify(method, key ?? string.Empty, query, _time.GetUtcNow());
    }

    /// <summary>
    /// Stores the body of a verified PUT: a whole object, or a part when <see cref="LocalBlobGrant.UploadId"/>
    /// is set. The body must be exactly <see cref="LocalBlobGrant.ContentLength"/> bytes; otherwise
    /// nothing is stored and <see cref="BlobStorageError.LengthMismatch"/> is thrown. Returns the bare ETag.
    /// </summary>
    public async Task<string> ReceiveAsync(LocalBlobGrant grant, Stream body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(body);
        if (grant.Method != "PUT" || grant.ContentLength is not { } length)
        {
            throw new ArgumentException("only a verified PUT grant can be received", nameof(grant));
        }

        BlobArguments.Key(grant.Key, nameof(grant));
        if (grant.UploadId is null)
        {
            var staged = await StageAsync(body, length, cancellationToken);
            await CommitAsync(staged, grant.Key, grant.ContentType!, staged.Md5Hex, cancellationToken);
            _logger.LogDebug("Received {Key} through a signed URL ({Size} bytes)", grant.Key, staged.Size);
            return staged.Md5Hex;
        }

        UploadIdArgument(grant.UploadId);
        if (await ReadUploadAsync(grant.Key, grant.UploadId, cancellationToken) is null)
        {
            throw new BlobStorageException(BlobStorageError.NotFound, $"multipart upload {grant.UploadId} of '{grant.Key}' does not exist");
        }

        var part = await StageAsync(body, length, cancellationToken);
        var partPath = Path.Combine(_uploadsRoot, grant.UploadId, PartName(grant.PartNumber!.Value));
        try
        {
            // Re-uploading a part replaces it, as in S3.
            File.Move(part.Path, partPath, overwrite: true);
        }
        catch (DirectoryNotFoundException)
        {
            TryDelete(part.Path);
            throw new BlobStorageException(BlobStorageError.NotFound, $"multipart upload {grant.UploadId} of '{grant.Key}' was completed or aborted");
        }

        return part.Md5Hex;
    }

    private DateTimeOffset ExpiryFromNow(TimeSpan expiresIn) =>
        DateTimeOffset.FromUnixTimeSeconds((_time.GetUtcNow() + expiresIn).ToUnixTimeSeconds());

    private string ObjectPath(string key) => UnderRoot(_objectsRoot, key);

    private string MetadataPath(string key) => UnderRoot(_metadataRoot, key);

    // Keys are validated already; the full-path check is the last line of defence against escaping the root.
    private static string UnderRoot(string root, string key)
    {
        var full = Path.GetFullPath(Path.Combine(root, key));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("the key resolves outside the storage root", nameof(key));
        }

        return full;
    }

    private string TempPath() => Path.Combine(_tempRoot, Guid.NewGuid().ToString("N"));

    private static string PartName(int partNumber) => partNumber.ToString("00000", System.Globalization.CultureInfo.InvariantCulture);

    private static void UploadIdArgument(string uploadId)
    {
        // 32 lower-case hex characters, as CreateMultipartUploadAsync makes them: nothing to traverse with.
        if (uploadId is not { Length: 32 } || !uploadId.All(char.IsAsciiHexDigitLower))
        {
            throw new BlobStorageException(BlobStorageError.NotFound, "no such multipart upload");
        }
    }

    private static FileStream OpenShared(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,

        // Readers never block a concurrent replace or delete (renames on Unix, share-delete on Windows).
        Share = FileShare.Read | FileShare.Delete,
        Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
    });

    private static BlobProperties ToProperties(string key, LocalObjectMetadata metadata) =>
        new(key, metadata.Size, metadata.ContentType, metadata.ETag, metadata.LastModified);

    private IEnumerable<string> EnumerateKeys(string prefix)
    {
        // Start at the deepest folder the prefix names, so listing one user never walks the others.
        var slash = prefix.LastIndexOf('/');
        var start = slash < 0 ? _objectsRoot : UnderRoot(_objectsRoot, prefix[..slash]);
        if (!Directory.Exists(start))
        {
            return [];
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,

            // Dot-files are keys like any other; symbolic links are never followed out of the root.
            AttributesToSkip = FileAttributes.ReparsePoint,
        };
        var keys = Directory.EnumerateFiles(start, "*", options)
            .Select(path => Path.GetRelativePath(_objectsRoot, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))

            // A file dropped into the folder by hand under a name no key can have is not an object.
            .Where(ObjectKeys.IsValidKey)
            .ToList();
        keys.Sort(Utf8Ordinal.Instance);
        return keys;
    }

    /// <summary>
    /// Removes what a crash or an abandoned upload leaves behind (S3 needs a lifecycle rule for the
    /// same): temp files older than a day and multipart uploads older than a week.
    /// </summary>
    private void SweepStaleFiles()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var removed = 0;
        foreach (var file in new DirectoryInfo(_tempRoot).EnumerateFiles())
        {
            if (now - file.LastWriteTimeUtc > StaleTempAge)
            {
                TryDelete(file.FullName);
                removed++;
            }
        }

        foreach (var upload in new DirectoryInfo(_uploadsRoot).EnumerateDirectories())
        {
            if (now - upload.LastWriteTimeUtc > StaleUploadAge)
            {
                TryDeleteDirectory(upload.FullName);
                removed++;
            }
        }

        if (removed > 0)
        {
            _logger.LogInformation("Removed {Count} stale temporary files and abandoned multipart uploads", removed);
        }
    }

    private static string EncodeToken(string lastEntry) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(lastEntry)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(base64));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new BlobStorageException(BlobStorageError.InvalidRequest, "the continuation token is not valid", ex);
        }
    }

    private async Task<LocalObjectMetadata?> ReadMetadataAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = OpenShared(MetadataPath(key));
            return await JsonSerializer.DeserializeAsync(stream, LocalStoreJsonContext.Default.LocalObjectMetadata, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private async Task<LocalMultipartUpload?> ReadUploadAsync(string key, string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = OpenShared(Path.Combine(_uploadsRoot, uploadId, UploadManifestName));
            var upload = await JsonSerializer.DeserializeAsync(stream, LocalStoreJsonContext.Default.LocalMultipartUpload, cancellationToken);
            return upload is not null && string.Equals(upload.Key, key, StringComparison.Ordinal) ? upload : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> to a temp file while hashing it. With an exact length, one
    /// byte more or less is a <see cref="BlobStorageError.LengthMismatch"/> and the temp file is gone.
    /// </summary>
    private async Task<StagedFile> StageAsync(Stream source, long exactLength, CancellationToken cancellationToken)
    {
        var path = TempPath();
        var staged = false;
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long total = 0;
            await using (var file = CreateTempFile(path, exactLength))
            {
                while (true)
                {
                    // Ask for at most one byte past the limit: enough to notice an overlong body, never more.
                    var wanted = (int)Math.Min(buffer.Length, exactLength - total + 1);
                    var read = await source.ReadAsync(buffer.AsMemory(0, wanted), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                    if (total > exactLength)
                    {
                        throw new BlobStorageException(BlobStorageError.LengthMismatch, $"the body is longer than the {exactLength} bytes signed");
                    }

                    md5.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                if (total != exactLength)
                {
                    throw new BlobStorageException(BlobStorageError.LengthMismatch, $"the body has {total} bytes, not the {exactLength} signed");
                }

                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            staged = true;
            return new StagedFile(path, total, Convert.ToHexStringLower(md5.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!staged)
            {
                TryDelete(path);
            }
        }
    }

    private async Task<StagedFile> ConcatenatePartsAsync(string directory, IReadOnlyList<CompletedPart> parts, CancellationToken cancellationToken)
    {
        var path = TempPath();
        var staged = false;
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            using var combined = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long total = 0;
            await using (var output = CreateTempFile(path, 0))
            {
                foreach (var part in parts)
                {
                    using var partHash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                    await using (var input = OpenShared(Path.Combine(directory, PartName(part.PartNumber))))
                    {
                        int read;
                        while ((read = await input.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), cancellationToken)) > 0)
                        {
                            partHash.AppendData(buffer, 0, read);
                            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                            total += read;
                        }
                    }

                    // The ETag the client reports must be the one its PUT got: proof it is the same part.
                    var digest = partHash.GetHashAndReset();
                    if (!string.Equals(Convert.ToHexStringLower(digest), BlobArguments.BareETag(part.ETag), StringComparison.OrdinalIgnoreCase))
                    {
                        throw new BlobStorageException(BlobStorageError.InvalidRequest, $"the ETag given for part {part.PartNumber} does not match the uploaded part");
                    }

                    combined.AppendData(digest);
                }

                await output.FlushAsync(cancellationToken);
                output.Flush(flushToDisk: true);
            }

            staged = true;
            return new StagedFile(path, total, Convert.ToHexStringLower(combined.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!staged)
            {
                TryDelete(path);
            }
        }
    }

    private FileStream CreateTempFile(string path, long preallocate)
    {
        Directory.CreateDirectory(_tempRoot);
        return new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            PreallocationSize = preallocate,
        });
    }

    /// <summary>Moves a staged file into place under <paramref name="key"/>, then its metadata.</summary>
    private async Task CommitAsync(StagedFile staged, string key, string contentType, string etag, CancellationToken cancellationToken)
    {
        var metadataTemp = TempPath();
        try
        {
            var metadata = new LocalObjectMetadata(contentType, etag, staged.Size, _time.GetUtcNow());
            await File.WriteAllBytesAsync(metadataTemp, JsonSerializer.SerializeToUtf8Bytes(metadata, LocalStoreJsonContext.Default.LocalObjectMetadata), cancellationToken);
            MoveIntoPlace(staged.Path, ObjectPath(key), _objectsRoot, key);
            MoveIntoPlace(metadataTemp, MetadataPath(key), _metadataRoot, key);
        }
        finally
        {
            TryDelete(staged.Path);
            TryDelete(metadataTemp);
        }
    }

    private static void MoveIntoPlace(string source, string destination, string root, string key)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Move(source, destination, overwrite: true);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
                // A concurrent delete pruned the (empty) folder between our create and move: again.
            }
            catch (IOException ex) when (IsPathConflict(destination, root))
            {
                // S3 allows "a/b" and "a/b/c" side by side; a file system cannot.
                throw new BlobStorageException(BlobStorageError.Conflict, $"'{key}' collides with an existing object or folder", ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new BlobStorageException(BlobStorageError.Unavailable, $"storing '{key}' failed: {ex.GetType().Name}", ex);
            }
        }
    }

    private static bool IsPathConflict(string destination, string root)
    {
        if (Directory.Exists(destination))
        {
            return true;
        }

        for (var directory = Path.GetDirectoryName(destination); directory is not null && directory.Length > root.Length; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(directory))
            {
                return true;
            }
        }

        return false;
    }

    private async Task WriteFileAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temp = TempPath();
        try
        {
            await File.WriteAllBytesAsync(temp, content, cancellationToken);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static void PruneEmptyDirectories(string directory, string root)
    {
        // Empty folders would block a later object of the same name; stop at the first non-empty one.
        while (directory.Length > root.Length && directory.StartsWith(root, StringComparison.Ordinal))
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (IOException)
            {
                return;
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }

            directory = Path.GetDirectoryName(directory)!;
        }
    }

    private void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException ex)
        {
            _logger.LogWarning(ex, "Could not remove {Directory}", directory);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record StagedFile(string Path, long Size, string Md5Hex);
}
