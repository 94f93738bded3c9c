using Hybrid.RivaLocal.Audio;
using Hybrid.TestSupport;

namespace Hybrid.RivaLocal.Tests;

/// <summary>Unit tests of the PCM/WAV input path, independent of any decoder.</summary>
public sealed class AudioParsingTests
{
    private static readonly short[] Ramp = [.. Enumerable.Range(-500, 1000).Select(i => (short)(i * 31))];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(3200)]
    public void Raw_pcm_split_anywhere_reassembles_every_sample(int chunkBytes)
    {
        var decoder = new PcmStreamDecoder(16000);
        var bytes = new AudioClip(Ramp).ToPcmBytes();

        var samples = DecodeInChunks(decoder, bytes, chunkBytes);

        Assert.Equal(Ramp, samples);
        Assert.False(decoder.SawWavHeader);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(45)]
    [InlineData(4096)]
    public void A_wav_header_split_across_messages_is_skipped(int chunkBytes)
    {
        var decoder = new PcmStreamDecoder(0);
        var wav = WavFile.Encode(Ramp, extraChunks: [("LIST", new byte[13])]);

        var samples = DecodeInChunks(decoder, wav, chunkBytes);

        Assert.Equal(Ramp, samples);
        Assert.True(decoder.SawWavHeader);
    }

    [Fact]
    public void Bytes_after_the_declared_data_chunk_are_not_audio()
    {
        var wav = WavFile.Encode(Ramp);
        var withTrailer = wav.Concat(new byte[] { (byte)'L', (byte)'I', (byte)'S', (byte)'T', 2, 0, 0, 0, 9, 9 }).ToArray();

        Assert.Equal(Ramp, DecodeInChunks(new PcmStreamDecoder(0), withTrailer, 100));
        Assert.Equal(Ramp, OfflineAudio.ToSamples(withTrailer, 0));
    }

    [Fact]
    public void A_streaming_wav_with_unknown_data_size_is_read_to_the_end()
    {
        var wav = WavFile.Encode(Ramp);
        // Live writers put 0xFFFFFFFF in the data size they cannot know yet.
        wav.AsSpan(40, 4).Fill(0xFF);

        Assert.Equal(Ramp, OfflineAudio.ToSamples(wav, 0));
    }

    [Fact]
    public void Raw_pcm_needs_a_declared_sample_rate()
    {
        var error = Assert.Throws<AudioFormatException>(() => OfflineAudio.ToSamples(new byte[100], 0));

        Assert.Contains("sample_rate_hertz is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wav_header_contradicting_the_config_is_rejected()
    {
        var error = Assert.Throws<AudioFormatException>(() => OfflineAudio.ToSamples(WavFile.Encode(Ramp, sampleRate: 16000), 8000));

        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    private static short[] DecodeInChunks(PcmStreamDecoder decoder, byte[] bytes, int chunkBytes)
    {
        var samples = new List<short>();
        for (var offset = 0; offset < bytes.Length; offset += chunkBytes)
        {
            samples.AddRange(decoder.Decode(bytes.AsSpan(offset, Math.Min(chunkBytes, bytes.Length - offset))).ToArray());
        }

        samples.AddRange(decoder.Flush().ToArray());
        return [.. samples];
    }
}
