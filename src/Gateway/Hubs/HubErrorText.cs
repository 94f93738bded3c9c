using System.Text.RegularExpressions;
using Hybrid.Protocol;

namespace Hybrid.Gateway.Hubs;

/// <summary>
/// Turns the error texts SignalR writes itself (completion errors and close reasons) into the hub's
/// <c>"code: message"</c> form. Texts that already start with a code pass unchanged.
/// </summary>
public static partial class HubErrorText
{
    /// <summary>The coded form of <paramref name="error"/>.</summary>
    public static string Code(string error)
    {
        if (CodedText().IsMatch(error))
        {
            return error;
        }

        if (Wrapped().Match(error) is { Success: true } wrapped)
        {
            // "... HubException: <text>": our own HubExceptions are coded already; SignalR's own ones
            // (stream count mismatch, unreadable stream item, unknown method) are all client mistakes.
            var inner = wrapped.Groups["message"].Value;
            return CodedText().IsMatch(inner) ? inner : Known(inner, wrapped.Groups["method"].Value);
        }

        if (UnauthorizedText().Match(error) is { Success: true } unauthorized)
        {
            return $"{ErrorCodes.Unauthorized}: not allowed to invoke {Method(unauthorized.Groups["method"].Value)}";
        }

        if (BindingText().Match(error) is { Success: true } binding)
        {
            return $"{ErrorCodes.InvalidArgument}: the arguments of {Method(binding.Groups["method"].Value)} do not match the hub contract";
        }

        if (UnknownMethodText().Match(error) is { Success: true } unknown)
        {
            return NoSuchMethod(unknown.Groups["method"].Value);
        }

        if (UnexpectedText().Match(error) is { Success: true } unexpected)
        {
            return $"{ErrorCodes.Internal}: an unexpected error occurred invoking {Method(unexpected.Groups["method"].Value)}; it was logged on the server";
        }

        if (error.StartsWith("Connection closed with an error.", StringComparison.Ordinal))
        {
            return $"{ErrorCodes.Internal}: the connection was closed after an error on the server; it was logged";
        }

        return Known(error, method: null);
    }

    /// <summary>The answer to a call of a method the hub does not have.</summary>
    public static string NoSuchMethod(string? method) =>
        string.IsNullOrEmpty(method)
            ? $"{ErrorCodes.InvalidArgument}: the message names no hub method"
            : $"{ErrorCodes.InvalidArgument}: the hub has no method {Method(method)}";

    /// <summary>A client-chosen method name, quoted when it looks like one, so no arbitrary text is echoed.</summary>
    public static string Method(string? method) =>
        method is not null && MethodName().IsMatch(method) ? $"'{method}'" : "of that name";

    private static string Known(string text, string? method) => text switch
    {
        "Method does not exist." => NoSuchMethod(method),
        _ when text.StartsWith("Failed to bind Stream message.", StringComparison.Ordinal) =>
            $"{ErrorCodes.InvalidArgument}: a stream item could not be read",
        _ when text.StartsWith("The client attempted to invoke the ", StringComparison.Ordinal) => $"{ErrorCodes.InvalidArgument}: {text}",
        _ when StreamCountText().Match(text) is { Success: true } count =>
            $"{ErrorCodes.InvalidArgument}: the call sent {count.Groups["sent"].Value} stream(s); the method takes {count.Groups["expected"].Value}",
        _ => $"{ErrorCodes.Internal}: {text}",
    };

    [GeneratedRegex(@"^[a-z][a-z_]*: ")]
    private static partial Regex CodedText();

    [GeneratedRegex(@"^(?:(?:An unexpected error occurred invoking|Failed to invoke) '(?<method>[^']*)'.*?|Connection closed with an error\.) HubException: (?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex Wrapped();

    [GeneratedRegex(@"^An unexpected error occurred invoking '(?<method>[^']*)' on the server\.", RegexOptions.Singleline)]
    private static partial Regex UnexpectedText();

    [GeneratedRegex(@"^Failed to invoke '(?<method>[^']*)' because user is unauthorized", RegexOptions.Singleline)]
    private static partial Regex UnauthorizedText();

    [GeneratedRegex(@"^Failed to invoke '(?<method>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex BindingText();

    [GeneratedRegex(@"^Unknown hub method '(?<method>.*)'$", RegexOptions.Singleline)]
    private static partial Regex UnknownMethodText();

    [GeneratedRegex(@"^Client sent (?<sent>\d+) stream\(s\), Hub method expects (?<expected>\d+)\.")]
    private static partial Regex StreamCountText();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex MethodName();
}
