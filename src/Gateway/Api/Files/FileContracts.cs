namespace Hybrid.Gateway.Api.Files;

/// <summary>Body of <c>POST /api/s3/upload</c>.</summary>
public sealed record FileUploadRequest(string? FileName, string? ContentType, long? FileSize);

/// <summary>Body of <c>POST /api/s3/rename</c>: <see cref="OldPath"/> ends in <c>/</c> for a folder; <see cref="NewName"/> is one name.</summary>
public sealed record FileRenameRequest(string? OldPath, string? NewName);

/// <summary>Body of <c>POST /api/s3/move</c>: <see cref="DestinationFolder"/> <c>""</c> is the root.</summary>
public sealed record FileMoveRequest(string? SourcePath, string? DestinationFolder);

/// <summary>Body of <c>POST /api/s3/folder</c>.</summary>
public sealed record FolderCreateRequest(string? Path);

/// <summary>One entry of a listing; <see cref="Key"/> is relative to the user's area (folders end in <c>/</c>).</summary>
public sealed record FileListItem(string Name, string Key, long Size, DateTimeOffset? LastModified, bool IsFolder);

/// <summary>A page of a listing; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record FileListPage(IReadOnlyList<FileListItem> Items, string? ContinuationToken);

/// <summary>A presigned upload: PUT the bytes to <see cref="PutUrl"/> with exactly <see cref="Headers"/>.</summary>
public sealed record FileUploadGrant(string Key, string PutUrl, IReadOnlyDictionary<string, string> Headers, int ExpiresInSeconds);

/// <summary>A presigned download that answers with <c>Content-Disposition: attachment</c>.</summary>
public sealed record FileDownloadGrant(string Url, int ExpiresInSeconds);

/// <summary>Where a renamed, moved or created entry now is (relative; folders end in <c>/</c>).</summary>
public sealed record FileKeyResult(string Key);
