using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Hybrid.Protocol;
using MessagePack;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Hybrid.Gateway.Hubs;

/// <summary>
/// What to do with one message the hub protocol could not parse. SignalR closes the connection on
/// any parse error; but the framing (JSON: a record separator, MessagePack: a length prefix) still
/// shows where the message ends, and a lenient look at its header usually finds the invocation id,
/// so the call can be answered with a coded error and the connection goes on. Only a message with
/// nothing to answer to (not even readable as a header) still closes the connection, and then the
/// close reason carries the code.
/// </summary>
public static class MalformedMessages
{
    private const byte RecordSeparator = 0x1e;
    private const int InvocationType = 1;
    private const int StreamItemType = 2;
    private const int CompletionType = 3;
    private const int StreamInvocationType = 4;

    /// <summary>Consumes the failed message from <paramref name="input"/> and returns the message to dispatch instead.</summary>
    /// <exception cref="HubException">When nothing can be answered: the connection closes with this coded reason.</exception>
    public static HubMessage Recover(ref ReadOnlySequence<byte> input, TransferFormat format, IInvocationBinder binder, Exception failure)
    {
        var header = format == TransferFormat.Text ? TakeJson(ref input, failure) : TakeMessagePack(ref input, failure);
        var reason = Reason(header, failure);
        switch (header.Type)
        {
            case InvocationType or StreamInvocationType:
                // No invocation id: a fire-and-forget call, answered by nobody (as SignalR does for bad arguments).
                return new InvocationBindingFailureMessage(header.InvocationId, header.Target ?? string.Empty,
                    ExceptionDispatchInfo.Capture(new HubException(reason)));
            case StreamItemType when header.InvocationId is { } stream:
                return CodedErrorHubProtocol.IsFrameStream(binder, stream)
                    ? new StreamItemMessage(stream, UnreadableFrame.Instance)
                    : new StreamBindingFailureMessage(stream, ExceptionDispatchInfo.Capture(new HubException(reason)));
            case CompletionType when header.InvocationId is { } stream:
                // The client ended a stream with something unreadable: end the stream as failed.
                return CompletionMessage.WithError(stream, reason);
            default:
                throw new HubException($"{ErrorCodes.InvalidArgument}: a message could not be read and names no call to answer ({Describe(failure)}); the connection is closed");
        }
    }

    private static string Reason(Header header, Exception failure)
    {
        if (header.Type is InvocationType or StreamInvocationType && string.IsNullOrEmpty(header.Target))
        {
            return HubErrorText.NoSuchMethod(header.Target);
        }

        return $"{ErrorCodes.InvalidArgument}: the message could not be read ({Describe(failure)})";
    }

    private static string Describe(Exception failure) => failure switch
    {
        JsonException or InvalidDataException when failure.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) => "it nests deeper than the protocol allows",
        MessagePackSerializationException when (failure.InnerException?.Message ?? failure.Message).Contains("depth", StringComparison.OrdinalIgnoreCase) => "it nests deeper than the protocol allows",
        JsonException => "it is not valid JSON of the SignalR protocol",
        _ => "it does not follow the SignalR protocol",
    };

    private static Header TakeJson(ref ReadOnlySequence<byte> input, Exception failure)
    {
        var found = input.PositionOf(RecordSeparator);
        if (found is not { } end)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
            throw failure; // not reached
        }

        var payload = input.Slice(0, end);
        input = input.Slice(input.GetPosition(1, end));
        var header = new Header();
        try
        {
            // The message failed to parse within the protocol's depth limit; reading only its
            // top-level properties (skipping values) needs no limit.
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 1 << 20 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return header;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "type" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var type):
                        header.Type = type;
                        break;
                    case "invocationId" when reader.TokenType == JsonTokenType.String:
                        header.InvocationId = reader.GetString();
                        break;
                    case "target" when reader.TokenType == JsonTokenType.String:
                        header.Target = reader.GetString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Whatever was found before the broken part is all we know.
        }

        return header;
    }

    private static Header TakeMessagePack(ref ReadOnlySequence<byte> input, Exception failure)
    {
        if (!TryReadLength(input, out var length, out var prefix) || input.Length - prefix < length)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }

        var payload = input.Slice(prefix, length);
        input = input.Slice(prefix + length);
        var header = new Header();
        try
        {
            var reader = new MessagePackReader(payload);
            var count = reader.ReadArrayHeader();
            header.Type = reader.ReadInt32();
            if (count < 3)
            {
                return header;
            }

            reader.Skip(); // headers
            header.InvocationId = reader.TryReadNil() ? null : reader.ReadString();
            if (count > 3 && header.Type is InvocationType or StreamInvocationType)
            {
                header.Target = reader.ReadString();
            }
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or InvalidOperationException)
        {
            // Whatever was found before the broken part is all we know.
        }

        return header;
    }

    /// <summary>The MessagePack hub protocol's length prefix: a base-128 varint of at most 5 bytes.</summary>
    private static bool TryReadLength(ReadOnlySequence<byte> input, out long length, out int prefix)
    {
        length = 0;
        prefix = 0;
        var reader = new SequenceReader<byte>(input);
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (!reader.TryRead(out var b))
            {
                return false;
            }

            prefix++;
            length |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Header
    {
        public int Type { get; set; }
        public string? InvocationId { get; set; }
        public string? Target { get; set; }
    }
}
