using System.Buffers.Binary;
using Hybrid.Cli.Audio;

namespace Hybrid.Cli.Tests.Audio;

public sealed class WavReaderTests
{
    [Theory]
    [InlineData(8_000)]
    [InlineData(16_000)]
    [InlineData(44_100)]
    [InlineData(48_000)]
    public void Reads_pcm16_mono_at_any_rate(int rate)
    {
        short[] samples = [0, 16384, -16384, short.MaxValue, short.MinValue];

        var wav = WavReader.Read(WavBuilder.Pcm16(rate, 1, samples));

        Assert.Equal(rate, wav.SampleRate);
        Assert.Equal(1, wav.Channels);
        Assert.Equal(WavSampleFormat.Pcm, wav.Format);
        Assert.Equal(16, wav.BitsPerSample);
        Assert.Equal([0f, 0.5f, -0.5f, 32767 / 32768f, -1f], wav.Interleaved);
        Assert.Equal(5, wav.FrameCount);
    }

    [Fact]
    public void Reads_pcm8_as_unsigned_around_128()
    {
        var wav = WavReader.Read(WavBuilder.Pcm8(8_000, 1, [128, 0, 255, 192]));

        Assert.Equal(8_000, wav.SampleRate);
        Assert.Equal(8, wav.BitsPerSample);
        Assert.Equal([0f, -1f, 127 / 128f, 0.5f], wav.Interleaved);
    }

    [Fact]
    public void Reads_pcm24_with_sign_extension()
    {
        var wav = WavReader.Read(WavBuilder.Pcm24(48_000, 1, [0x400000, -0x400000, -1]));

        Assert.Equal([0.5f, -0.5f, -1f / 8388608f], wav.Interleaved);
    }

    [Fact]
    public void Reads_float32_stereo_and_downmixes_by_averaging()
    {
        float[] interleaved = [1f, 0f, 0.5f, -0.5f, -1f, -0.5f];

        var wav = WavReader.Read(WavBuilder.Float32(48_000, 2, interleaved));

        Assert.Equal(2, wav.Channels);
        Assert.Equal(WavSampleFormat.Float, wav.Format);
        Assert.Equal(3, wav.FrameCount);
        Assert.Equal(interleaved, wav.Interleaved);
        Assert.Equal([0.5f, 0f, -0.75f], wav.DownmixToMono());
    }

    [Fact]
    public void Reads_pcm16_stereo_at_44100()
    {
        short[] interleaved = [16384, -16384, 8192, 8192];

        var wav = WavReader.Read(WavBuilder.Pcm16(44_100, 2, interleaved));

        Assert.Equal(44_100, wav.SampleRate);
        Assert.Equal([0f, 0.25f], wav.DownmixToMono());
    }

    [Fact]
    public void Reads_wave_format_extensible_float()
    {
        var wav = WavReader.Read(WavBuilder.Float32(44_100, 2, [0.25f, -0.25f], extensible: true));

        Assert.Equal(WavSampleFormat.Float, wav.Format);
        Assert.Equal(2, wav.Channels);
        Assert.Equal([0.25f, -0.25f], wav.Interleaved);
    }

    [Fact]
    public void Skips_unknown_chunks_including_odd_sized_ones_before_fmt()
    {
        var bytes = WavBuilder.Pcm16(16_000, 1, [1000, -1000], ("LIST", new byte[7]), ("junk", new byte[3]));

        var wav = WavReader.Read(bytes);

        Assert.Equal(2, wav.FrameCount);
        Assert.Equal(1000 / 32768f, wav.Interleaved[0]);
    }

    [Fact]
    public void Takes_the_rest_of_the_file_when_a_streaming_writer_left_the_data_size_open()
    {
        var bytes = WavBuilder.Pcm16(16_000, 1, [1, 2, 3, 4]);
        var sizeOffset = bytes.Length - 8 - 4; // 8 sample bytes; the data chunk's size field is the last header before the samples
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(sizeOffset), 0xFFFFFFFF);

        var wav = WavReader.Read(bytes);

        Assert.Equal(4, wav.FrameCount);
    }

    [Fact]
    public void Drops_a_truncated_last_frame()
    {
        var bytes = WavBuilder.Pcm16(16_000, 2, [1, 2, 3, 4]);
        var truncated = bytes[..^2];

        var wav = WavReader.Read(truncated);

        Assert.Equal(1, wav.FrameCount);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_riff_wave()
    {
        var error = Assert.Throws<WavFormatException>(() => WavReader.Read("ID3\u0004 this is an mp3"u8.ToArray()));
        Assert.Contains("not a WAV file", error.Message);
    }

    [Fact]
    public void Rejects_compressed_formats_with_a_hint()
    {
        var bytes = WavBuilder.Build(WavBuilder.Fmt(0x0011, 1, 8_000, 4), new byte[16]);

        var error = Assert.Throws<WavFormatException>(() => WavReader.Read(bytes));

        Assert.Contains("0x0011", error.Message);
    }

    [Fact]
    public void Rejects_a_file_without_data()
    {
        var bytes = WavBuilder.Riff([("fmt ", WavBuilder.Fmt(1, 1, 16_000, 16))]);

        var error = Assert.Throws<WavFormatException>(() => WavReader.Read(bytes));

        Assert.Equal("no data chunk", error.Message);
    }

    [Fact]
    public void Rejects_inconsistent_block_align()
    {
        var fmt = WavBuilder.Fmt(1, 2, 16_000, 16);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), 2);

        Assert.Throws<WavFormatException>(() => WavReader.Read(WavBuilder.Build(fmt, new byte[8])));
    }
}
