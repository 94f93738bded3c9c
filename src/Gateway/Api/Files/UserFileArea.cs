using Hybrid.Storage.Keys;

namespace Hybrid.Gateway.Api.Files;

/// <summary>
/// A file or folder inside a user's area, by its relative name (no trailing <c>/</c>; <c>""</c> is
/// the area's root folder). Only <see cref="UserFileArea"/> creates these, from validated input.
/// </summary>
internal readonly record struct EntryPath(string Relative, bool IsFolder)
{
    public string Name => Relative[(Relative.LastIndexOf('/') + 1)..];

    public string Parent => Relative.LastIndexOf('/') is var slash and >= 0 ? Relative[..slash] : string.Empty;

    /// <summary>How the API shows it: folders end in <c>/</c>.</summary>
    public string Display => IsFolder && Relative.Length > 0 ? Relative + "/" : Relative;

    /// <summary>Every proper ancestor folder, nearest last (<c>a/b/c</c> → <c>a</c>, <c>a/b</c>).</summary>
    public IEnumerable<string> Ancestors()
    {
        for (var slash = Relative.IndexOf('/'); slash >= 0; slash = Relative.IndexOf('/', slash + 1))
        {
            yield return Relative[..slash];
        }
    }
}

/// <summary>
/// The token user's file area, <c>users/{sub}/files/</c>. Every key is derived here from the user id
/// and a client name that passed <see cref="RelativePath"/>; a client can name things inside its own
/// area only, never an absolute key, another user or anything above.
/// </summary>
internal sealed class UserFileArea
{
    /// <summary>The hidden object that keeps an empty folder.</summary>
    public const string FolderMarker = ".folder";

    private UserFileArea(string userId, string root)
    {
        UserId = userId;
        Root = root;
    }

    public string UserId { get; }

    /// <summary><c>users/{sub}/files/</c>.</summary>
    public string Root { get; }

    public static UserFileArea For(string userId)
    {
        if (!ObjectKeys.IsValidId(userId))
        {
            // A token whose sub cannot be a key component: nothing of it may reach storage.
            throw new ApiFailure(StatusCodes.Status403Forbidden, "forbidden", "this account cannot use the file manager");
        }

        return new UserFileArea(userId, ObjectKeys.UserFilesPrefix(userId));
    }

    /// <summary>A file (no trailing <c>/</c>).</summary>
    public EntryPath File(string? input, string field)
    {
        var entry = Entry(input, field, allowRoot: false);
        return entry.IsFolder ? throw ApiFailure.InvalidPath($"{field} must name a file, not a folder (no trailing '/')") : entry;
    }

    /// <summary>A file, or a folder when it ends in <c>/</c>; never the root.</summary>
    public EntryPath FileOrFolder(string? input, string field) => Entry(input, field, allowRoot: false);

    /// <summary>A folder, with or without its trailing <c>/</c>; the root only when <paramref name="allowRoot"/> (<c>""</c> or <c>"/"</c>).</summary>
    public EntryPath Folder(string? input, string field, bool allowRoot)
    {
        if (input is not null && !input.EndsWith('/') && input.Length > 0)
        {
            input += "/";
        }

        return Entry(input, field, allowRoot);
    }

    /// <summary>A single new name (no <c>/</c>) for an entry.</summary>
    public static string SingleName(string? input, string field)
    {
        if (!RelativePath.TryNormalize(input, out var name, out var error))
        {
            throw ApiFailure.InvalidPath($"{field}: {error}");
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw ApiFailure.InvalidPath($"{field} must be a single name without '/'");
        }

        return name == FolderMarker ? throw ApiFailure.InvalidPath($"{field}: '{FolderMarker}' is a reserved name") : name;
    }

    /// <summary><paramref name="name"/> inside <paramref name="folder"/>, checked again as a whole (length limits).</summary>
    public static EntryPath Combine(string folder, string name, bool isFolder, string field)
    {
        var relative = folder.Length == 0 ? name : $"{folder}/{name}";
        if (!RelativePath.TryNormalize(relative, out var normalized, out var error))
        {
            throw ApiFailure.InvalidPath($"{field}: {error}");
        }

        return new EntryPath(normalized, isFolder);
    }

    /// <summary>The object key of a file, or the key prefix (ending in <c>/</c>) of a folder.</summary>
    public string KeyOf(EntryPath entry) => entry.IsFolder
        ? entry.Relative.Length == 0 ? Root : $"{Root}{entry.Relative}/"
        : Root + entry.Relative;

    /// <summary>A stored key as the client sees it: relative to the area.</summary>
    public string ToRelative(string key) =>
        key.StartsWith(Root, StringComparison.Ordinal) ? key[Root.Length..] : throw new InvalidOperationException("a key outside the user's area");

    private EntryPath Entry(string? input, string field, bool allowRoot)
    {
        if (allowRoot && (input is null || input.Length == 0 || input == "/"))
        {
            return new EntryPath(string.Empty, IsFolder: true);
        }

        if (string.IsNullOrEmpty(input))
        {
            throw ApiFailure.InvalidPath($"{field}: the path is empty");
        }

        var isFolder = input.EndsWith('/');
        var body = isFolder ? input[..^1] : input;
        if (!ObjectKeys.TryUserFile(UserId, body, out _, out var error))
        {
            throw ApiFailure.InvalidPath($"{field}: {error}");
        }

        var entry = new EntryPath(body, isFolder);
        if (entry.Name == FolderMarker)
        {
            throw ApiFailure.InvalidPath($"{field}: '{FolderMarker}' is a reserved name");
        }

        return entry;
    }
}
