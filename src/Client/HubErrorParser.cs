using System.Text.RegularExpressions;

namespace Hybrid.Client;

/// <summary>Reads the stable code out of a hub failure message (<c>"code: text"</c>).</summary>
public static partial class HubErrorParser
{
    /// <summary>The code given to a message that carries none.</summary>
    public const string UnknownCode = "unknown";

    /// <summary>
    /// Splits a hub failure message (<c>"code: text"</c>) into code and text. A message wrapped in
    /// SignalR's generic form ("An unexpected error occurred invoking 'X' on the server.
    /// HubException: code: text") is read after that prefix.
    /// </summary>
    public static (string Code, string Text) Parse(string? message)
    {
        var text = message ?? string.Empty;
        const string Marker = "HubException: ";
        var at = text.LastIndexOf(Marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            text = text[(at + Marker.Length)..];
        }

        var match = CodePattern().Match(text);
        return match.Success
            ? (match.Groups["code"].Value, match.Groups["text"].Value.Trim())
            : (UnknownCode, text.Trim());
    }

    [GeneratedRegex(@"^(?<code>[a-z][a-z0-9_]*):\s*(?<text>.*)$", RegexOptions.Singleline)]
    private static partial Regex CodePattern();
}
