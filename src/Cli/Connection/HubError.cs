using Hybrid.Client;

namespace Hybrid.Cli.Connection;

/// <summary>
/// Maps failures of hub calls to <see cref="CliException"/>: coded hub errors
/// (<see cref="HubCallException"/>) to <see cref="ExitCodes.Server"/>, transport failures
/// (<see cref="HubConnectionException"/>) to <see cref="ExitCodes.Connection"/>.
/// </summary>
public static class HubError
{
    /// <summary>Splits a hub failure message (<c>"code: text"</c>) into code and text.</summary>
    public static (string Code, string Text) Parse(string? message) => HubErrorParser.Parse(message);

    /// <summary>Wraps a failure of the named hub call; cancellations pass through untouched.</summary>
    public static Exception Translate(Exception exception, string operation) => exception switch
    {
        CliException or OperationCanceledException => exception,
        _ => HubFailures.Translate(exception, operation) switch
        {
            HubCallException call => new CliException(ExitCodes.Server, call.Message, call.Code, call),
            HubConnectionException connection => new CliException(ExitCodes.Connection, WithHint(connection), inner: connection),
            var other => other,
        },
    };

    private static string WithHint(HubConnectionException exception) => exception.StatusCode switch
    {
        401 => exception.Message + "; get a fresh one or drop --token",
        404 => exception.Message + "; check --url",
        _ => exception.Message,
    };
}
