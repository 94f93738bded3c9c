using System.Buffers;
using System.Text;
using Hybrid.Gateway.Hubs;
using Hybrid.Protocol;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Hybrid.Unit.Tests.Gateway;

/// <summary>Parsing through <see cref="CodedErrorHubProtocol"/> with SignalR's real JSON protocol.</summary>
public sealed class MalformedMessagesTests
{
    private static readonly CodedErrorHubProtocol Json = new(new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions())));

    [Fact]
    public void Arguments_nested_too_deep_become_a_coded_failure_of_that_call_and_the_next_message_still_parses()
    {
        var deep = new string('[', 500) + new string(']', 500);
        var input = Bytes($"{{\"type\":1,\"invocationId\":\"9\",\"target\":\"StartSession\",\"arguments\":[{deep}]}}\u001e{{\"type\":6}}\u001e");

        var failure = Assert.IsType<InvocationBindingFailureMessage>(Parse(ref input));
        Assert.Equal("9", failure.InvocationId);
        Assert.Equal("StartSession", failure.Target);
        Assert.StartsWith("invalid_argument: ", failure.BindingFailure.SourceException.Message);
        Assert.IsType<PingMessage>(Parse(ref input));
        Assert.True(input.IsEmpty);
    }

    [Fact]
    public void An_empty_method_name_is_answered_on_its_invocation_id()
    {
        var input = Bytes("{\"type\":1,\"invocationId\":\"3\",\"target\":\"\",\"arguments\":[]}\u001e");

        var failure = Assert.IsType<InvocationBindingFailureMessage>(Parse(ref input));
        Assert.Equal("3", failure.InvocationId);
        Assert.Equal("invalid_argument: the message names no hub method", failure.BindingFailure.SourceException.Message);
    }

    [Fact]
    public void An_unreadable_frame_becomes_the_marker_so_the_upload_goes_on()
    {
        var input = Bytes("{\"type\":2,\"invocationId\":\"s1\",\"item\":{\"seq\":1.5,\"pcm\":\"AAAA\"}}\u001e");

        var item = Assert.IsType<StreamItemMessage>(Parse(ref input, new Binder(typeof(AudioFrame))));
        Assert.Same(UnreadableFrame.Instance, item.Item);
    }

    [Fact]
    public void Text_that_is_no_message_closes_with_a_coded_reason()
    {
        var input = Bytes("hello\u001e");

        var ex = Assert.Throws<HubException>(() => Parse(ref input));
        Assert.StartsWith("invalid_argument: a message could not be read", ex.Message);
    }

    [Fact]
    public void A_message_over_the_limit_closes_with_payload_too_large()
    {
        var protocol = new CodedErrorHubProtocol(new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions())), maxMessageBytes: 16);
        var input = Bytes("{\"type\":1,\"target\":\"StopSession\",\"arguments\":[\"x\"]}");

        var ex = Assert.Throws<HubException>(() => protocol.TryParseMessage(ref input, new Binder(typeof(AudioFrame)), out _));
        Assert.StartsWith("payload_too_large: ", ex.Message);
    }

    [Fact]
    public void Close_reasons_are_coded_on_the_wire()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Json.WriteMessage(new CloseMessage("Connection closed with an error. HubException: invalid_argument: no", allowReconnect: false), buffer);

        Assert.Contains("\"error\":\"invalid_argument: no\"", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private static HubMessage Parse(ref ReadOnlySequence<byte> input, IInvocationBinder? binder = null)
    {
        Assert.True(Json.TryParseMessage(ref input, binder ?? new Binder(typeof(AudioFrame)), out var message));
        return message;
    }

    /// <summary>The dispatcher's view of the hub: StartSession takes a request, streams carry frames.</summary>
    private sealed class Binder(Type streamItem) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => methodName switch
        {
            "StartSession" => [typeof(StartSessionRequest)],
            "StopSession" => [typeof(string)],
            _ => throw new HubException("Method does not exist."),
        };

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => streamItem;
    }
}
