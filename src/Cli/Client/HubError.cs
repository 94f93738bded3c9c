using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Cli.Client;

/// <summary>
/// Maps failures of hub calls to <see cref="CliException"/>: hub errors (<c>"code: text"</c>) to
/// <see cref="ExitCodes.Server"/>, transport failures to <see cref="ExitCodes.Connection"/>.
/// </summary>
public static partial class HubError
{
    /// <summary>
    /// Splits a <see cref="HubException"/> message (<c>"code: text"</c>) into code and text. A
    /// message wrapped in SignalR's generic form ("An unexpected error occurred invoking 'X' on
    /// the server. HubException: code: text") is read after that prefix.
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
            : ("unknown", text.Trim());
    }

    /// <summary>Wraps a failure of the named hub call; cancellations pass through untouched.</summary>
    public static Exception Translate(Exception exception, string operation) => exception switch
    {
        CliException or OperationCanceledException => exception,
        HubException hub => FromHub(hub, operation),
        HttpRequestException or IOException or SocketException or WebSocketException or TimeoutException =>
            new CliException(ExitCodes.Connection, $"{operation}: connection failed: {exception.Message}", inner: exception),
        // The client throws InvalidOperationException when the connection is not (or no longer) active.
        InvalidOperationException => new CliException(ExitCodes.Connection, $"{operation}: {exception.Message}", inner: exception),
        _ => exception,
    };

    private static CliException FromHub(HubException hub, string operation)
    {
        var (code, text) = Parse(hub.Message);
        return new CliException(ExitCodes.Server, $"{operation} failed: {code}: {text}", code, hub);
    }

    [GeneratedRegex(@"^(?<code>[a-z][a-z0-9_]*):\s*(?<text>.*)$", RegexOptions.Singleline)]
    private static partial Regex CodePattern();
}
