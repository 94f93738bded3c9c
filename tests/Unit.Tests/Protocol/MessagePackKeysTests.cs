using System.Text;
using Hybrid.Protocol;
using MessagePack;

namespace Hybrid.Unit.Tests.Protocol;

/// <summary>MessagePack clients (the browser's) send lower-camel keys; our records must use exactly those.</summary>
public sealed class MessagePackKeysTests
{
    [Fact]
    public void An_audio_frame_is_a_map_of_seq_and_binary_pcm()
    {
        var bytes = MessagePackSerializer.Serialize(new AudioFrame(7, [1, 2, 3]));

        var json = MessagePackSerializer.ConvertToJson(bytes);
        Assert.Equal("{\"seq\":7,\"pcm\":\"AQID\"}", json);
        Assert.Equal([0xC4, 3, 1, 2, 3], bytes[^5..]); // bin 8: pcm travels as binary, not as an array of numbers
    }

    [Fact]
    public void A_browser_style_start_request_binds_with_lower_camel_keys()
    {
        var map = new Dictionary<string, object> { ["sessionId"] = "abcdefgh12", ["sampleRate"] = 16000, ["hotwords"] = new[] { "riva" } };
        var bytes = MessagePackSerializer.Serialize(map);

        var request = MessagePackSerializer.Deserialize<StartSessionRequest>(bytes);

        Assert.Equal("abcdefgh12", request.SessionId);
        Assert.Equal(16000, request.SampleRate);
        Assert.Equal(["riva"], request.Hotwords!);
        Assert.Null(request.Language);
    }

    [Fact]
    public void A_transcript_uses_the_contract_names()
    {
        var message = new TranscriptMessage("s", 2, true, "hi", 1f, [new TranscriptWord("hi", 10, 20, 0.5f)], 30);

        var json = MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize(message));

        foreach (var key in new[] { "sessionId", "segmentId", "isFinal", "text", "stability", "words", "audioProcessedMs", "word", "startMs", "endMs", "confidence" })
        {
            Assert.Contains($"\"{key}\":", json);
        }
    }
}
