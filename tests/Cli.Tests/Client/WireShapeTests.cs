using System.Buffers;
using System.Text;
using System.Text.Json;
using Hybrid.Protocol;
using MessagePack;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Hybrid.Cli.Tests.Client;

/// <summary>
/// The hub contract as bytes, through the same SignalR protocols the CLI uses: what a browser
/// would send and receive (camelCase JSON, MessagePack maps with camelCase keys and binary PCM).
/// </summary>
public sealed class WireShapeTests
{
    private static readonly MessagePackSerializerOptions MessagePackOptions = new MessagePackHubProtocolOptions().SerializerOptions;

    [Fact]
    public void An_audio_frame_in_messagepack_is_a_map_of_seq_and_binary_pcm()
    {
        var bytes = MessagePackSerializer.Serialize(new AudioFrame(7, [1, 2, 3]), MessagePackOptions);

        var reader = new MessagePackReader(bytes);
        Assert.Equal(2, reader.ReadMapHeader());
        Assert.Equal("seq", reader.ReadString());
        Assert.Equal(7, reader.ReadInt64());
        Assert.Equal("pcm", reader.ReadString());
        Assert.Equal(MessagePackType.Binary, reader.NextMessagePackType);
        Assert.Equal([1, 2, 3], reader.ReadBytes()!.Value.ToArray());
    }

    [Fact]
    public void A_transcript_written_as_a_browser_style_messagepack_map_decodes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(7);
        writer.Write("sessionId"); writer.Write("s1");
        writer.Write("segmentId"); writer.Write(2);
        writer.Write("isFinal"); writer.Write(true);
        writer.Write("text"); writer.Write("hello");
        writer.Write("stability"); writer.Write(1.0);
        writer.Write("words");
        writer.WriteArrayHeader(1);
        writer.WriteMapHeader(4);
        writer.Write("word"); writer.Write("hello");
        writer.Write("startMs"); writer.Write(100);
        writer.Write("endMs"); writer.Write(480);
        writer.Write("confidence"); writer.Write(0.75);
        writer.Write("audioProcessedMs"); writer.Write(600);
        writer.Flush();

        var message = MessagePackSerializer.Deserialize<TranscriptMessage>(buffer.WrittenMemory, MessagePackOptions);

        Assert.Equal(("s1", 2, true, "hello", 600L), (message.SessionId, message.SegmentId, message.IsFinal, message.Text, message.AudioProcessedMs));
        Assert.Equal(new TranscriptWord("hello", 100, 480, 0.75f), Assert.Single(message.Words));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_transcript_event_round_trips_through_the_hub_protocol(bool messagePack)
    {
        IHubProtocol protocol = messagePack
            ? new MessagePackHubProtocol()
            : new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions()));
        var sent = new TranscriptMessage("s1", 3, false, "hel", 0.5f, [new TranscriptWord("hel", 0, 300, 0.4f)], 400);
        var buffer = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(new InvocationMessage(HubNames.Transcript, [sent]), buffer);

        var sequence = new ReadOnlySequence<byte>(buffer.WrittenMemory);
        Assert.True(protocol.TryParseMessage(ref sequence, new Binder(typeof(TranscriptMessage)), out var parsed));

        var received = Assert.IsType<TranscriptMessage>(Assert.IsType<InvocationMessage>(parsed).Arguments[0]);
        Assert.Equal(sent with { Words = received.Words }, received);
        Assert.Equal(sent.Words, received.Words);
    }

    [Fact]
    public void Json_uses_the_contract_names_and_base64_pcm()
    {
        var protocol = new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions()));
        var buffer = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(new StreamItemMessage("1", new AudioFrame(5, [0, 1, 2])), buffer);
        protocol.WriteMessage(new InvocationMessage(HubNames.Transcript, [new TranscriptMessage("s", 0, true, "t", 1, [], 100)]), buffer);

        var frames = Encoding.UTF8.GetString(buffer.WrittenSpan).Split('\u001e', StringSplitOptions.RemoveEmptyEntries);
        using var item = JsonDocument.Parse(frames[0]);
        Assert.Equal(5, item.RootElement.GetProperty("item").GetProperty("seq").GetInt64());
        Assert.Equal("AAEC", item.RootElement.GetProperty("item").GetProperty("pcm").GetString());

        using var transcript = JsonDocument.Parse(frames[1]);
        var names = transcript.RootElement.GetProperty("arguments")[0].EnumerateObject().Select(p => p.Name);
        Assert.Equal(["sessionId", "segmentId", "isFinal", "text", "stability", "words", "audioProcessedMs"], names);
    }

    private sealed class Binder(Type argument) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [argument];

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
