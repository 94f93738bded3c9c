namespace Hybrid.Storage.Keys;

/// <summary>
/// The audio content types a chunk may have, and the file extension each one gets in its key.
/// Anything else is refused, so the key's extension always tells the truth about the container.
/// </summary>
public static class AudioContentTypes
{
    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["audio/webm"] = "webm",
        ["audio/ogg"] = "ogg",
        ["audio/mp4"] = "m4a",
        ["audio/aac"] = "m4a",
        ["audio/wav"] = "wav",
        ["audio/x-wav"] = "wav",
        ["audio/wave"] = "wav",
        ["audio/mpeg"] = "mp3",
    };

    /// <summary>The extension for <paramref name="contentType"/>; parameters such as <c>;codecs=opus</c> are ignored.</summary>
    public static bool TryGetExtension(string? contentType, out string extension)
    {
        extension = string.Empty;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';');
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        if (Extensions.TryGetValue(mediaType, out var found))
        {
            extension = found;
            return true;
        }

        return false;
    }
}
