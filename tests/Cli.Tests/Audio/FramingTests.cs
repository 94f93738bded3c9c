using Hybrid.Cli.Audio;

namespace Hybrid.Cli.Tests.Audio;

public sealed class FramingTests
{
    [Fact]
    public void A_100ms_frame_at_16kHz_is_3200_bytes()
    {
        Assert.Equal(3_200, PcmFramer.FrameBytes(16_000, 100));
    }

    [Fact]
    public void Splits_into_3200_byte_frames_with_a_shorter_last_one()
    {
        var pcm = Enumerable.Range(0, 20_100).Select(i => (byte)i).ToArray();

        var frames = PcmFramer.Split(pcm, 3_200);

        Assert.Equal(7, frames.Count);
        Assert.All(frames.Take(6), f => Assert.Equal(3_200, f.Length));
        Assert.Equal(900, frames[^1].Length);
        Assert.Equal(pcm, frames.SelectMany(f => f).ToArray());
    }

    [Fact]
    public void An_exact_multiple_has_no_short_frame()
    {
        var frames = PcmFramer.Split(new byte[6_400], 3_200);

        Assert.Equal([3_200, 3_200], frames.Select(f => f.Length));
    }

    [Fact]
    public void Drops_an_odd_trailing_byte()
    {
        var frames = PcmFramer.Split(new byte[3_201], 3_200);

        Assert.Single(frames);
    }

    [Fact]
    public void Prepares_stereo_44100_as_16kHz_mono_pcm16()
    {
        var left = Signals.Sine(1_000, 44_100, 1, 0.5);
        var interleaved = new float[left.Length * 2];
        for (var i = 0; i < left.Length; i++)
        {
            interleaved[2 * i] = left[i];
            interleaved[2 * i + 1] = left[i];
        }

        var pcm = AudioPreparer.ToPcm16Mono(new WavAudio(44_100, 2, WavSampleFormat.Float, 32, interleaved));

        Assert.Equal(32_000, pcm.Length);
        var samples = AudioPreparer.DecodePcm16(pcm);
        Assert.Equal(1_000, Signals.Dominant(samples, 16_000, Signals.Band(16_000)));
        Assert.InRange(Signals.Rms(samples.AsSpan(1_000, 14_000)), 0.35, 0.36);
    }

    [Fact]
    public void Pcm16_encoding_round_trips_and_clips()
    {
        float[] samples = [0f, 0.5f, -1f, 1.5f, -1.5f];

        var decoded = AudioPreparer.DecodePcm16(AudioPreparer.EncodePcm16(samples));

        Assert.Equal([0f, 0.5f, -1f, 32767 / 32768f, -1f], decoded);
    }
}
