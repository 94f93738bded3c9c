using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Hybrid.Protocol;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Hybrid.Gateway.Hubs;

/// <summary>
/// Wraps a hub protocol so a failed invocation's error text starts with our stable code, as the hub
/// contract promises (<c>"capacity_exhausted: ..."</c>). SignalR itself prefixes a
/// <see cref="HubException"/> message with "An unexpected error occurred invoking 'X' on the server.
/// HubException: ", and hides other exceptions behind a generic text; this rewrites both on the way out,
/// so clients in any language can read the code from the start of the message.
/// </summary>
public sealed partial class CodedErrorHubProtocol(IHubProtocol inner) : IHubProtocol
{
    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        inner.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(Rewrite(message), output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(Rewrite(message));

    /// <summary>The coded form of a SignalR error text (public for tests).</summary>
    public static string Code(string error)
    {
        var match = HubExceptionText().Match(error);
        if (match.Success)
        {
            return match.Groups["message"].Value;
        }

        match = UnauthorizedText().Match(error);
        if (match.Success)
        {
            return $"unauthorized: not allowed to invoke '{match.Groups["method"].Value}'";
        }

        match = BindingText().Match(error);
        if (match.Success)
        {
            return $"{ErrorCodes.InvalidArgument}: the arguments of '{match.Groups["method"].Value}' do not match the hub contract";
        }

        match = UnexpectedText().Match(error);
        return match.Success
            ? $"{ErrorCodes.Internal}: an unexpected error occurred invoking '{match.Groups["method"].Value}'; it was logged on the server"
            : error;
    }

    private static HubMessage Rewrite(HubMessage message) => message switch
    {
        CompletionMessage { Error: { } error, InvocationId: { } id } completion => new CompletionMessage(id, Code(error), result: null, hasResult: false)
        {
            Headers = completion.Headers,
        },
        _ => message,
    };

    [GeneratedRegex(@"^An unexpected error occurred invoking '[^']*' on the server\. HubException: (?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex HubExceptionText();

    [GeneratedRegex(@"^An unexpected error occurred invoking '(?<method>[^']*)' on the server\.", RegexOptions.Singleline)]
    private static partial Regex UnexpectedText();

    [GeneratedRegex(@"^Failed to invoke '(?<method>[^']*)' because user is unauthorized", RegexOptions.Singleline)]
    private static partial Regex UnauthorizedText();

    [GeneratedRegex(@"^Failed to invoke '(?<method>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex BindingText();
}
