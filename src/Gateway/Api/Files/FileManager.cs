using System.Globalization;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Keys;
using Microsoft.Net.Http.Headers;

namespace Hybrid.Gateway.Api.Files;

/// <summary>
/// The file-manager operations on one <see cref="IBlobStore"/>. S3 has no folders: a folder is the
/// set of keys under <c>{folder}/</c>, kept alive when empty by a hidden <c>.folder</c> marker. Folder
/// rename and move copy every object (all listing pages) and delete the sources only once every copy
/// succeeded; a failed copy removes the copies made so far and leaves the source whole.
/// </summary>
internal sealed class FileManager(IBlobStore store, long maxObjectBytes, ILogger logger)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    public const string DefaultContentType = "application/octet-stream";

    public static readonly TimeSpan UploadExpiry = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DownloadExpiry = TimeSpan.FromMinutes(15);

    // Enumerating a folder for delete/rename/move walks pages of this size until the last one.
    private const int EnumeratePageSize = 100;
    private const string FolderMarkerContentType = "application/x-directory";

    public long MaxObjectBytes => maxObjectBytes;

    public async Task<FileListPage> ListAsync(UserFileArea area, string? prefix, string? continuationToken, string? limit, CancellationToken cancellationToken)
    {
        var pageSize = ParseLimit(limit);
        var folder = area.Folder(prefix, "prefix", allowRoot: true);
        var page = await store.ListAsync(area.KeyOf(folder), string.IsNullOrEmpty(continuationToken) ? null : continuationToken,
            pageSize, "/", cancellationToken);

        var items = new List<FileListItem>(page.Items.Count + page.Prefixes.Count);
        foreach (var sub in page.Prefixes)
        {
            var relative = area.ToRelative(sub);
            var name = relative.TrimEnd('/');
            name = name[(name.LastIndexOf('/') + 1)..];
            items.Add(new FileListItem(name, relative, 0, null, IsFolder: true));
        }

        foreach (var item in page.Items)
        {
            var relative = area.ToRelative(item.Key);
            var name = relative[(relative.LastIndexOf('/') + 1)..];
            if (name == UserFileArea.FolderMarker)
            {
                continue;
            }

            items.Add(new FileListItem(name, relative, item.Size, item.LastModified, IsFolder: false));
        }

        // Key order, as the store lists (folders are "name/", so they sort among the files).
        items.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new FileListPage(items, page.ContinuationToken);
    }

    public async Task<FileUploadGrant> PresignUploadAsync(UserFileArea area, FileUploadRequest request, CancellationToken cancellationToken)
    {
        var file = area.File(request.FileName, "fileName");
        if (request.FileSize is not { } size)
        {
            throw ApiFailure.InvalidArgument("fileSize is required (bytes)");
        }

        if (size < 1)
        {
            throw ApiFailure.InvalidArgument("fileSize must be at least 1 byte");
        }

        if (size > maxObjectBytes)
        {
            throw ApiFailure.TooLarge($"a file may be at most {maxObjectBytes.ToString(CultureInfo.InvariantCulture)} bytes");
        }

        var contentType = ContentType(request.ContentType);
        await EnsureFreeAsync(area, file, allowExistingFile: true, cancellationToken);
        var key = area.KeyOf(file);
        var grant = await store.PresignPutAsync(new PresignPutRequest(key, contentType, size, UploadExpiry), cancellationToken);
        logger.LogInformation("Upload of {Key} presigned for {UserId}: {Size} bytes of {ContentType}", key, area.UserId, size, contentType);
        return new FileUploadGrant(file.Relative, grant.Url.ToString(), grant.Headers, (int)UploadExpiry.TotalSeconds);
    }

    public async Task<FileDownloadGrant> PresignDownloadAsync(UserFileArea area, string? path, CancellationToken cancellationToken)
    {
        var file = area.File(path, "path");
        var key = area.KeyOf(file);
        if (await store.HeadAsync(key, cancellationToken) is null)
        {
            throw await NotFoundAsync(area, file, cancellationToken);
        }

        var grant = await store.PresignGetAsync(key, DownloadExpiry, file.Name, cancellationToken);
        return new FileDownloadGrant(grant.Url.ToString(), (int)DownloadExpiry.TotalSeconds);
    }

    public async Task DeleteAsync(UserFileArea area, string? path, CancellationToken cancellationToken)
    {
        var entry = area.FileOrFolder(path, "path");
        if (!entry.IsFolder)
        {
            if (!await store.DeleteAsync(area.KeyOf(entry), cancellationToken))
            {
                throw await NotFoundAsync(area, entry, cancellationToken);
            }

            logger.LogInformation("Deleted file {Key} for {UserId}", area.KeyOf(entry), area.UserId);
            return;
        }

        var keys = await AllKeysAsync(area.KeyOf(entry), cancellationToken);
        if (keys.Count == 0)
        {
            throw ApiFailure.NotFound($"no such folder '{entry.Display}'");
        }

        foreach (var key in keys)
        {
            await store.DeleteAsync(key, cancellationToken);
        }

        logger.LogInformation("Deleted folder {Prefix} for {UserId}: {Count} objects", area.KeyOf(entry), area.UserId, keys.Count);
    }

    public async Task<FileKeyResult> RenameAsync(UserFileArea area, FileRenameRequest request, CancellationToken cancellationToken)
    {
        var source = area.FileOrFolder(request.OldPath, "oldPath");
        var name = UserFileArea.SingleName(request.NewName, "newName");
        var target = UserFileArea.Combine(source.Parent, name, source.IsFolder, "newName");
        await RelocateAsync(area, source, target, "rename", cancellationToken);
        return new FileKeyResult(target.Display);
    }

    public async Task<FileKeyResult> MoveAsync(UserFileArea area, FileMoveRequest request, CancellationToken cancellationToken)
    {
        var source = area.FileOrFolder(request.SourcePath, "sourcePath");
        if (request.DestinationFolder is null)
        {
            throw ApiFailure.InvalidPath("destinationFolder is required (\"\" is the root)");
        }

        var destination = area.Folder(request.DestinationFolder, "destinationFolder", allowRoot: true);

        // A folder keeps its name: "a/b/" moved to "c/" is "c/b/".
        var target = UserFileArea.Combine(destination.Relative, source.Name, source.IsFolder, "destinationFolder");
        if (source.IsFolder && area.KeyOf(target).StartsWith(area.KeyOf(source), StringComparison.Ordinal) && target != source)
        {
            throw ApiFailure.InvalidArgument($"a folder cannot be moved into itself ('{source.Display}' into '{destination.Display}')");
        }

        await RelocateAsync(area, source, target, "move", cancellationToken);
        return new FileKeyResult(target.Display);
    }

    public async Task<FileKeyResult> CreateFolderAsync(UserFileArea area, FolderCreateRequest request, CancellationToken cancellationToken)
    {
        var folder = area.Folder(request.Path, "path", allowRoot: false);
        await EnsureFreeAsync(area, folder, allowExistingFile: false, cancellationToken);
        var marker = area.KeyOf(folder) + UserFileArea.FolderMarker;
        await store.PutAsync(marker, ReadOnlyMemory<byte>.Empty, FolderMarkerContentType, cancellationToken);
        logger.LogInformation("Created folder {Prefix} for {UserId}", area.KeyOf(folder), area.UserId);
        return new FileKeyResult(folder.Display);
    }

    private async Task RelocateAsync(UserFileArea area, EntryPath source, EntryPath target, string operation, CancellationToken cancellationToken)
    {
        var sourceKey = area.KeyOf(source);
        var targetKey = area.KeyOf(target);
        if (string.Equals(sourceKey, targetKey, StringComparison.Ordinal))
        {
            throw ApiFailure.Conflict($"'{target.Display}' is where it already is");
        }

        if (!source.IsFolder)
        {
            if (await store.HeadAsync(sourceKey, cancellationToken) is null)
            {
                throw await NotFoundAsync(area, source, cancellationToken);
            }

            await EnsureFreeAsync(area, target, allowExistingFile: false, cancellationToken);
            await store.CopyAsync(sourceKey, targetKey, cancellationToken);
            await store.DeleteAsync(sourceKey, cancellationToken);
            logger.LogInformation("{Operation} of file {SourceKey} to {TargetKey} for {UserId}", operation, sourceKey, targetKey, area.UserId);
            return;
        }

        var keys = await AllKeysAsync(sourceKey, cancellationToken);
        if (keys.Count == 0)
        {
            throw ApiFailure.NotFound($"no such folder '{source.Display}'");
        }

        await EnsureFreeAsync(area, target, allowExistingFile: false, cancellationToken);
        var pairs = new List<(string From, string To)>(keys.Count);
        foreach (var key in keys)
        {
            var destination = targetKey + key[sourceKey.Length..];
            if (!ObjectKeys.IsValidKey(destination))
            {
                throw ApiFailure.InvalidPath($"'{area.ToRelative(destination)}' would be too long");
            }

            pairs.Add((key, destination));
        }

        var copied = new List<string>(pairs.Count);
        foreach (var (from, to) in pairs)
        {
            try
            {
                await store.CopyAsync(from, to, cancellationToken);
                copied.Add(to);
            }
            catch (Exception ex) when (ex is BlobStorageException or OperationCanceledException)
            {
                logger.LogWarning(ex, "{Operation} of folder {SourceKey} to {TargetKey} for {UserId} stopped at {FailedKey} after {Copied} of {Total} copies; removing the copies, the source is untouched",
                    operation, sourceKey, targetKey, area.UserId, from, copied.Count, pairs.Count);
                await RemoveCopiesAsync(copied);
                throw;
            }
        }

        foreach (var (from, _) in pairs)
        {
            await store.DeleteAsync(from, cancellationToken);
        }

        logger.LogInformation("{Operation} of folder {SourceKey} to {TargetKey} for {UserId}: {Count} objects",
            operation, sourceKey, targetKey, area.UserId, pairs.Count);
    }

    private async Task RemoveCopiesAsync(List<string> copies)
    {
        foreach (var copy in copies)
        {
            try
            {
                // Not the request's token: a cancelled request must still clean up after itself.
                await store.DeleteAsync(copy, CancellationToken.None);
            }
            catch (Exception ex) when (ex is BlobStorageException or IOException)
            {
                logger.LogError(ex, "Could not remove the partial copy {Key}; remove it by hand", copy);
            }
        }
    }

    /// <summary>
    /// 409 unless <paramref name="entry"/> can be created: nothing of that name (file or folder)
    /// exists, except an existing file when <paramref name="allowExistingFile"/> (uploads overwrite),
    /// and no ancestor is a file (a file system, and the local store, cannot have "a" and "a/b").
    /// </summary>
    private async Task EnsureFreeAsync(UserFileArea area, EntryPath entry, bool allowExistingFile, CancellationToken cancellationToken)
    {
        var asFile = area.Root + entry.Relative;
        var asFolder = asFile + "/";
        if (!(allowExistingFile && !entry.IsFolder) && await store.HeadAsync(asFile, cancellationToken) is not null)
        {
            throw ApiFailure.Conflict($"a file named '{entry.Relative}' already exists");
        }

        if (await AnyUnderAsync(asFolder, cancellationToken))
        {
            throw ApiFailure.Conflict($"a folder named '{entry.Relative}/' already exists");
        }

        foreach (var ancestor in entry.Ancestors())
        {
            if (await store.HeadAsync(area.Root + ancestor, cancellationToken) is not null)
            {
                throw ApiFailure.Conflict($"'{ancestor}' is a file, not a folder");
            }
        }
    }

    private async Task<ApiFailure> NotFoundAsync(UserFileArea area, EntryPath file, CancellationToken cancellationToken) =>
        await AnyUnderAsync(area.Root + file.Relative + "/", cancellationToken)
            ? ApiFailure.NotFound($"no such file '{file.Relative}' ('{file.Relative}/' is a folder: end the path with '/')")
            : ApiFailure.NotFound($"no such file '{file.Relative}'");

    private async Task<bool> AnyUnderAsync(string prefix, CancellationToken cancellationToken) =>
        (await store.ListAsync(prefix, null, 1, null, cancellationToken)).Items.Count > 0;

    private async Task<List<string>> AllKeysAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await store.ListAsync(prefix, token, EnumeratePageSize, null, cancellationToken);
            keys.AddRange(page.Items.Select(i => i.Key));
            token = page.ContinuationToken;
        }
        while (token is not null);

        return keys;
    }

    public static int ParseLimit(string? limit)
    {
        if (string.IsNullOrEmpty(limit))
        {
            return DefaultPageSize;
        }

        return int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxPageSize
            ? value
            : throw ApiFailure.InvalidArgument($"limit must be a whole number from 1 to {MaxPageSize}");
    }

    private static string ContentType(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultContentType;
        }

        var contentType = value.Trim();
        if (contentType.Length > 255 || contentType.Any(c => char.IsControl(c) || c > '~')
            || !MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || parsed.Type.Length == 0 || parsed.SubType.Length == 0 || parsed.MatchesAllTypes || parsed.MatchesAllSubTypes)
        {
            throw ApiFailure.InvalidArgument("contentType must be a MIME type such as 'text/plain' or 'image/png'");
        }

        return contentType;
    }
}
