using System.Text;

namespace Hybrid.Storage.Keys;

/// <summary>Builds the <c>Content-Disposition</c> that forces a download under a given name.</summary>
internal static class DownloadNames
{
    /// <summary>
    /// <c>attachment; filename="ascii"; filename*=UTF-8''encoded</c>: the ASCII fallback has quotes,
    /// backslashes, control and non-ASCII characters replaced, so it cannot break the header.
    /// </summary>
    public static string ContentDisposition(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var name = fileName.Length > 200 ? fileName[..200] : fileName;
        var ascii = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            ascii.Append(c is >= ' ' and <= '~' && c is not '"' and not '\\' ? c : '_');
        }

        var header = $"attachment; filename=\"{ascii}\"";
        // Runes, so a lone surrogate becomes U+FFFD instead of breaking the percent-encoding.
        var clean = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            if (!Rune.IsControl(rune))
            {
                clean.Append(rune.ToString());
            }
        }

        var unicode = clean.ToString();
        return unicode == ascii.ToString() || unicode.Length == 0
            ? header
            : $"{header}; filename*=UTF-8''{Uri.EscapeDataString(unicode)}";
    }
}
