using System.Text;

namespace Hybrid.Storage.Keys;

/// <summary>
/// Sanitises a relative name given by a client (a file-manager path) before it becomes part of an
/// object key. It refuses rather than repairs: a name that tries to climb (<c>..</c>, also
/// percent-encoded once or twice), is absolute, uses backslashes, carries control characters or
/// has empty segments is an error, never silently rewritten into something else.
/// </summary>
public static class RelativePath
{
    /// <summary>Longest allowed segment in UTF-8 bytes (the usual file-name limit).</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>Longest allowed relative path in UTF-8 bytes; leaves room for the user prefix under S3's 1,024-byte key limit.</summary>
    public const int MaxTotalBytes = 900;

    // "%252e%252e" needs two rounds to show its dots; a few more rounds than that is never a real name.
    private const int MaxDecodeRounds = 4;

    /// <summary>
    /// Validates <paramref name="input"/>; on success <paramref name="normalized"/> is the name to use
    /// in a key, on failure <paramref name="error"/> says why in words fit for a client.
    /// </summary>
    /// <remarks>
    /// No Unicode normalisation: the build runs with <c>InvariantGlobalization</c>, where
    /// <see cref="string.Normalize()"/> silently does nothing, so names are kept exactly as given
    /// (like S3, "é" precomposed and decomposed are two different names).
    /// </remarks>
    public static bool TryNormalize(string? input, out string normalized, out string error) =>
        TryNormalize(input, MaxTotalBytes, out normalized, out error);

    internal static bool TryNormalize(string? input, int maxTotalBytes, out string normalized, out string error)
    {
        normalized = string.Empty;
        if (string.IsNullOrEmpty(input))
        {
            error = "the path is empty";
            return false;
        }

        if (!IsWellFormedUtf16(input))
        {
            error = "the path is not valid Unicode";
            return false;
        }

        var candidate = input;

        // The raw form and every percent-decoded form must pass: a name that only becomes "../" after
        // some layer URL-decodes it is as dangerous as "../" itself.
        var form = candidate;
        for (var round = 0; ; round++)
        {
            if (!CheckForm(form, out error))
            {
                return false;
            }

            var decoded = Uri.UnescapeDataString(form);
            if (decoded == form)
            {
                break;
            }

            if (round == MaxDecodeRounds)
            {
                error = "the path has too many levels of percent-encoding";
                return false;
            }

            form = decoded;
        }

        foreach (var segment in candidate.Split('/'))
        {
            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                error = $"a path segment is longer than {MaxSegmentBytes} bytes";
                return false;
            }
        }

        if (Encoding.UTF8.GetByteCount(candidate) > maxTotalBytes)
        {
            error = $"the path is longer than {maxTotalBytes} bytes";
            return false;
        }

        normalized = candidate;
        error = string.Empty;
        return true;
    }

    private static bool CheckForm(string form, out string error)
    {
        foreach (var c in form)
        {
            if (c == '\0' || char.IsControl(c))
            {
                error = "the path contains control characters";
                return false;
            }

            // Bidirectional overrides let "txt.exe" display as "exe.txt".
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                error = "the path contains bidirectional control characters";
                return false;
            }

            if (c == '\\')
            {
                error = "backslashes are not allowed in paths";
                return false;
            }
        }

        if (form.StartsWith('/'))
        {
            error = "absolute paths are not allowed";
            return false;
        }

        if (form.Length >= 2 && char.IsAsciiLetter(form[0]) && form[1] == ':')
        {
            error = "drive-qualified paths are not allowed";
            return false;
        }

        foreach (var segment in form.Split('/'))
        {
            if (segment.Length == 0)
            {
                error = "empty path segments (\"//\" or a trailing \"/\") are not allowed";
                return false;
            }

            // ".", ".." and Windows' trimmed variants ("...", ".. ") all resolve to a parent or self.
            if (segment.AsSpan().Trim(" .").IsEmpty)
            {
                error = "\".\" and \"..\" segments are not allowed";
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    private static bool IsWellFormedUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
