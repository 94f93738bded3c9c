using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using Hybrid.Protocol;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Hybrid.Gateway.Hubs;

/// <summary>
/// Wraps a hub protocol so every failure a client sees starts with our stable code, as the hub
/// contract promises (<c>"capacity_exhausted: ..."</c>):
/// <list type="bullet">
/// <item>outgoing completion errors and close reasons are rewritten (<see cref="HubErrorText"/>);
/// SignalR wraps a <see cref="HubException"/> in "An unexpected error occurred invoking 'X' on the
/// server. HubException: …" and hides other exceptions behind a generic text;</item>
/// <item>an <c>UploadAudio</c> stream item that cannot be read becomes <see cref="UnreadableFrame"/>,
/// so the hub refuses that one frame instead of SignalR ending the whole stream;</item>
/// <item>a message the inner protocol cannot parse at all (arguments nested too deep, no method
/// name, …) is answered as a failed invocation when it carries an invocation id, instead of
/// closing the connection (<see cref="MalformedMessages"/>);</item>
/// <item>a message over the size limit closes the connection, as SignalR does, but with a coded reason.</item>
/// </list>
/// </summary>
public sealed class CodedErrorHubProtocol(IHubProtocol inner, long? maxMessageBytes = null) : IHubProtocol
{
    private volatile string? _closeReason;

    /// <summary>The wrapped protocol.</summary>
    public IHubProtocol Inner => inner;

    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var start = input;
        try
        {
            if (!inner.TryParseMessage(ref input, binder, out message))
            {
                if (input.Length < start.Length)
                {
                    // A message of a type this protocol version does not know was consumed: ignore it
                    // (left as "incomplete", SignalR would wait for it to complete forever).
                    message = PingMessage.Instance;
                    return true;
                }

                // SignalR hands over at most the limit; a message that fits would be complete by then.
                if (maxMessageBytes is { } max && input.Length >= max)
                {
                    throw Closing($"{ErrorCodes.PayloadTooLarge}: a message over {max} bytes; send audio in frames of ~100 ms. The connection is closed");
                }

                return false;
            }

            message = Recode(message, binder);
            return true;
        }
        catch (HubException ex)
        {
            throw Closing(ex.Message);
        }
        catch (Exception ex)
        {
            input = start;
            try
            {
                message = MalformedMessages.Recover(ref input, inner.TransferFormat, binder, ex);
            }
            catch (HubException closing)
            {
                throw Closing(closing.Message);
            }

            return true;
        }
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(Rewrite(message), output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(Rewrite(message));

    /// <summary>The coded form of a SignalR error text (public for tests).</summary>
    public static string Code(string error) => HubErrorText.Code(error);

    /// <summary>Incoming: failures to read arguments or stream items get coded texts and a way to go on.</summary>
    public static HubMessage Recode(HubMessage message, IInvocationBinder binder) => message switch
    {
        StreamBindingFailureMessage failure when IsFrameStream(binder, failure.Id) => new StreamItemMessage(failure.Id, UnreadableFrame.Instance),
        InvocationBindingFailureMessage failure when !IsCoded(failure.BindingFailure.SourceException) =>
            new InvocationBindingFailureMessage(failure.InvocationId, failure.Target,
                ExceptionDispatchInfo.Capture(new HubException(BindingText(failure.Target, failure.BindingFailure.SourceException)))),
        CloseMessage => throw new HubException($"{ErrorCodes.InvalidArgument}: clients end a connection by closing the transport, not with a Close message; the connection is closed"),
        _ => message,
    };

    /// <summary>True when the stream feeds <c>UploadAudio</c> (stream ids the connection does not have are not).</summary>
    public static bool IsFrameStream(IInvocationBinder binder, string streamId)
    {
        try
        {
            var type = binder.GetStreamItemType(streamId);
            return type == typeof(AudioFrame);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsCoded(Exception failure) => failure is HubException hub && HubErrorText.Code(hub.Message) == hub.Message;

    private static string BindingText(string target, Exception failure) => failure switch
    {
        HubException { Message: "Method does not exist." } => HubErrorText.NoSuchMethod(target),
        System.Text.Json.JsonException { Path: { Length: > 0 } path } =>
            $"{ErrorCodes.InvalidArgument}: the arguments of {HubErrorText.Method(target)} do not match the hub contract (at {path})",
        _ => $"{ErrorCodes.InvalidArgument}: the arguments of {HubErrorText.Method(target)} do not match the hub contract",
    };

    /// <summary>Remembers why the connection is about to close, for the Close message SignalR writes next.</summary>
    private HubException Closing(string codedReason)
    {
        _closeReason = codedReason;
        return new HubException(codedReason);
    }

    private HubMessage Rewrite(HubMessage message) => message switch
    {
        CompletionMessage { Error: { } error, InvocationId: { } id } completion => new CompletionMessage(id, Code(error), result: null, hasResult: false)
        {
            Headers = completion.Headers,
        },
        CloseMessage { Error: { } error } close => new CloseMessage(_closeReason ?? Code(error), close.AllowReconnect),
        _ => message,
    };
}
