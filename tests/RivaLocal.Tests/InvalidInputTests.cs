using Google.Protobuf;
using Grpc.Core;
using Hybrid.RivaLocal.Tests.Fixtures;
using Hybrid.RivaLocal.Tests.Support;
using Hybrid.TestSupport;
using Nvidia.Riva;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Tests;

/// <summary>Every rejected request gets INVALID_ARGUMENT with a message naming the problem.</summary>
[Collection(RivaLocalCollection.Name)]
public sealed class InvalidInputTests(RivaLocalFixture server)
{
    private static readonly byte[] SomeAudio = new byte[StreamingCall.ChunkBytes];

    public static TheoryData<string, string> BadConfigs() => new()
    {
        { "encoding", "encoding FLAC is not supported" },
        { "sample-rate", "sample_rate_hertz 8000 is not supported" },
        { "missing-sample-rate", "sample_rate_hertz is required" },
        { "channels", "audio_channel_count 2 is not supported" },
        { "language", "language_code=fr-FR" },
        { "model", "Unavailable model requested given these parameters: language_code=en-US; type=online; model=parakeet-1.1b" },
        { "offline-model", "type=online; model=pocketsphinx-en-us-offline" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task A_bad_streaming_config_is_rejected(string problem, string expectedMessage)
    {
        var config = StreamingCall.Config();
        switch (problem)
        {
            case "encoding": config.Config.Encoding = AudioEncoding.Flac; break;
            case "sample-rate": config.Config.SampleRateHertz = 8000; break;
            case "missing-sample-rate": config.Config.SampleRateHertz = 0; break;
            case "channels": config.Config.AudioChannelCount = 2; break;
            case "language": config.Config.LanguageCode = "fr-FR"; break;
            case "model": config.Config.Model = "parakeet-1.1b"; break;
            case "offline-model": config.Config.Model = "pocketsphinx-en-us-offline"; break;
            default: throw new ArgumentOutOfRangeException(nameof(problem), problem, null);
        }

        var error = await StreamingCall.ExpectFailureAsync(
            server.Client, StreamingCall.ConfigRequest(config), StreamingCall.Audio(SomeAudio));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(expectedMessage, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audio_before_the_config_is_rejected()
    {
        var error = await StreamingCall.ExpectFailureAsync(server.Client, StreamingCall.Audio(SomeAudio));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("audio_content arrived before streaming_config", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_without_any_message_is_rejected()
    {
        var error = await StreamingCall.ExpectFailureAsync(server.Client);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("the first StreamingRecognizeRequest must carry streaming_config", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_config_mid_stream_is_rejected()
    {
        var config = StreamingCall.Config();

        var error = await StreamingCall.ExpectFailureAsync(
            server.Client, StreamingCall.ConfigRequest(config), StreamingCall.Audio(SomeAudio), StreamingCall.ConfigRequest(config));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("streaming_config may only be sent in the first message", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_audio_without_a_sample_rate_is_rejected()
    {
        var config = StreamingCall.Config(encoding: AudioEncoding.EncodingUnspecified, sampleRate: 0);

        var error = await StreamingCall.ExpectFailureAsync(server.Client, StreamingCall.ConfigRequest(config), StreamingCall.Audio(SomeAudio));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("sample_rate_hertz is required when the audio has no WAV header", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_wav_header_with_the_wrong_rate_is_rejected()
    {
        var config = StreamingCall.Config(encoding: AudioEncoding.EncodingUnspecified, sampleRate: 0);
        var wav = WavFile.Encode(new short[800], sampleRate: 8000);

        var error = await StreamingCall.ExpectFailureAsync(server.Client, StreamingCall.ConfigRequest(config), StreamingCall.Audio(wav));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("WAV sample rate 8000 Hz is not supported", error.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadWavFiles() => new()
    {
        { "stereo", "WAV channel count 2 is not supported" },
        { "8khz", "WAV sample rate 8000 Hz is not supported" },
        { "truncated", "malformed WAV" },
        { "avi", "RIFF container type 'AVI ' is not supported" },
        { "float", "WAV audio format 3 is not supported" },
    };

    [Theory]
    [MemberData(nameof(BadWavFiles))]
    public async Task Recognize_rejects_a_bad_wav_file(string problem, string expectedMessage)
    {
        var samples = new short[1600];
        var wav = problem switch
        {
            "stereo" => WavFile.Encode(samples, channels: 2),
            "8khz" => WavFile.Encode(samples, sampleRate: 8000),
            "truncated" => WavFile.Encode(samples)[..30],
            "avi" => Patch(WavFile.Encode(samples), 8, "AVI "u8),
            "float" => Patch(WavFile.Encode(samples), 20, [3, 0]),
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
        };
        var request = new RecognizeRequest
        {
            Config = new RecognitionConfig { LanguageCode = "en-US" },
            Audio = ByteString.CopyFrom(wav),
        };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.RecognizeAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(expectedMessage, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recognize_rejects_an_unsupported_encoding()
    {
        var request = new RecognizeRequest
        {
            Config = new RecognitionConfig { Encoding = AudioEncoding.Mulaw, SampleRateHertz = 8000, LanguageCode = "en-US" },
            Audio = ByteString.CopyFrom(SomeAudio),
        };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.RecognizeAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("encoding MULAW is not supported", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recognize_rejects_a_streaming_model()
    {
        var request = new RecognizeRequest
        {
            Config = new RecognitionConfig
            {
                Encoding = AudioEncoding.LinearPcm, SampleRateHertz = 16000, LanguageCode = "en-US", Model = "pocketsphinx-en-us-streaming",
            },
            Audio = ByteString.CopyFrom(SomeAudio),
        };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.RecognizeAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("type=offline; model=pocketsphinx-en-us-streaming", error.Status.Detail, StringComparison.Ordinal);
    }

    private static byte[] Patch(byte[] bytes, int offset, ReadOnlySpan<byte> replacement)
    {
        replacement.CopyTo(bytes.AsSpan(offset));
        return bytes;
    }
}
