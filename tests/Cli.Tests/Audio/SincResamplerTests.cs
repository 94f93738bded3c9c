using Hybrid.Cli.Audio;

namespace Hybrid.Cli.Tests.Audio;

public sealed class SincResamplerTests
{
    private const int Target = 16_000;

    [Theory]
    [InlineData(48_000)]
    [InlineData(44_100)]
    public void A_1kHz_tone_for_10s_becomes_160000_samples_at_1kHz(int inputRate)
    {
        var input = Signals.Sine(1_000, inputRate, 10);

        var output = SincResampler.Resample(input, inputRate, Target);

        Assert.InRange(output.Length, 159_999, 160_001);
        Assert.Equal(1_000, Signals.Dominant(output, Target, Signals.Band(Target)));
    }

    [Theory]
    [InlineData(48_000)]
    [InlineData(44_100)]
    [InlineData(8_000)]
    public void Keeps_the_level_of_a_passband_tone(int inputRate)
    {
        var input = Signals.Sine(1_000, inputRate, 2);

        var output = SincResampler.Resample(input, inputRate, Target);

        // Skip the filter's start and end transients; within them the tone fades in and out.
        var middle = output.AsSpan(2_000, output.Length - 4_000);
        var gainDb = 20 * Math.Log10(Signals.Rms(middle) / Signals.Rms(input));
        Assert.InRange(gainDb, -0.1, 0.1);
    }

    [Fact]
    public void Attenuates_an_11kHz_tone_at_48kHz_by_at_least_40dB()
    {
        // 11 kHz is above the 8 kHz Nyquist of 16 kHz; without a low-pass it would alias to 5 kHz.
        var input = Signals.Sine(11_000, 48_000, 2);

        var output = SincResampler.Resample(input, 48_000, Target);

        var middle = output.AsSpan(2_000, output.Length - 4_000);
        var attenuationDb = 20 * Math.Log10(Signals.Rms(middle) / Signals.Rms(input));
        Assert.True(attenuationDb <= -40, $"attenuation was only {attenuationDb:0.0} dB");
    }

    [Fact]
    public void Attenuates_a_9kHz_tone_from_44100_by_at_least_40dB()
    {
        var input = Signals.Sine(9_000, 44_100, 2);

        var output = SincResampler.Resample(input, 44_100, Target);

        var middle = output.AsSpan(2_000, output.Length - 4_000);
        Assert.True(20 * Math.Log10(Signals.Rms(middle) / Signals.Rms(input)) <= -40);
    }

    [Fact]
    public void Upsamples_8kHz_to_16kHz_without_images()
    {
        var input = Signals.Sine(3_000, 8_000, 5);

        var output = SincResampler.Resample(input, 8_000, Target);

        Assert.Equal(80_000, output.Length);
        Assert.Equal(3_000, Signals.Dominant(output, Target, Signals.Band(Target)));
        // The image of 3 kHz at 8 kHz − 3 kHz + 8 kHz = 5 kHz must be far below the tone.
        var middle = output.AsSpan(1_000, output.Length - 2_000);
        var imageDb = 10 * Math.Log10(Signals.Goertzel(middle, 5_000, Target) / Signals.Goertzel(middle, 3_000, Target));
        Assert.True(imageDb <= -60, $"image at {imageDb:0.0} dB");
    }

    [Theory]
    [InlineData(44_100)]
    [InlineData(48_000)]
    [InlineData(22_050)]
    [InlineData(11_025)]
    public void Streaming_in_uneven_chunks_matches_one_shot_resampling(int inputRate)
    {
        var input = Signals.Sine(440, inputRate, 1.3);
        var oneShot = SincResampler.Resample(input, inputRate, Target);

        var resampler = new SincResampler(inputRate, Target);
        var streamed = new List<float>();
        var random = new Random(42);
        for (var offset = 0; offset < input.Length;)
        {
            var count = Math.Min(random.Next(1, 3_000), input.Length - offset);
            resampler.Process(input.AsSpan(offset, count), streamed);
            offset += count;
        }

        resampler.Flush(streamed);

        Assert.Equal(oneShot.Length, streamed.Count);
        for (var i = 0; i < oneShot.Length; i++)
        {
            Assert.Equal(oneShot[i], streamed[i], 1e-6f);
        }
    }

    [Theory]
    [InlineData(44_100, 441_000, 160_000)]
    [InlineData(48_000, 1, 1)]
    [InlineData(44_100, 100, 37)]
    [InlineData(8_000, 3, 6)]
    public void Produces_ceil_of_inputs_times_ratio_outputs(int inputRate, int inputs, int expected)
    {
        var output = SincResampler.Resample(new float[inputs], inputRate, Target);

        Assert.Equal(expected, output.Length);
    }

    [Fact]
    public void Passes_16kHz_through_unchanged()
    {
        float[] input = [0.1f, -0.2f, 0.3f];

        Assert.Equal(input, SincResampler.Resample(input, Target, Target));
    }

    [Fact]
    public void Refuses_input_after_flush()
    {
        var resampler = new SincResampler(48_000, Target);
        resampler.Flush([]);

        Assert.Throws<InvalidOperationException>(() => resampler.Process(new float[10], []));
    }
}
