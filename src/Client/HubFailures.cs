using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Client;

/// <summary>Turns what SignalR throws into <see cref="HubCallException"/> or <see cref="HubConnectionException"/>.</summary>
public static class HubFailures
{
    /// <summary>Wraps a failure of the named hub call; cancellations and unknown failures pass through untouched.</summary>
    public static Exception Translate(Exception exception, string operation)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            HubCallException or HubConnectionException or OperationCanceledException => exception,
            HubException hub => FromMessage(operation, hub.Message, hub),
            HttpRequestException or IOException or SocketException or WebSocketException or TimeoutException =>
                new HubConnectionException($"{operation}: connection failed: {exception.Message}", exception),
            // The client throws InvalidOperationException when the connection is not (or no longer) active.
            InvalidOperationException => new HubConnectionException($"{operation}: {exception.Message}", exception),
            _ => exception,
        };
    }

    /// <summary>A coded failure from a hub message (<c>"code: text"</c>).</summary>
    public static HubCallException FromMessage(string operation, string? message, Exception? inner = null)
    {
        var (code, text) = HubErrorParser.Parse(message);
        return new HubCallException(operation, code, text, inner);
    }

    /// <summary>True for a failure after which the session can continue by resuming it (with a reconnect if needed).</summary>
    public static bool IsResumable(Exception exception) => Translate(exception, string.Empty) switch
    {
        HubCallException call => call.RequiresResume,
        HubConnectionException => true,
        _ => false,
    };
}
