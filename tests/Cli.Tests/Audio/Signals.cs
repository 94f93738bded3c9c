namespace Hybrid.Cli.Tests.Audio;

/// <summary>Test signals and measurements: sines, RMS, and Goertzel tone power.</summary>
internal static class Signals
{
    public static float[] Sine(double frequency, int sampleRate, double seconds, double amplitude = 0.5)
    {
        var samples = new float[(int)Math.Round(sampleRate * seconds)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return samples;
    }

    public static double Rms(ReadOnlySpan<float> samples)
    {
        var sum = 0.0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    /// <summary>Power of one frequency by the Goertzel recurrence (a single DFT bin at any frequency).</summary>
    public static double Goertzel(ReadOnlySpan<float> samples, double frequency, int sampleRate)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0, s2 = 0;
        foreach (var x in samples)
        {
            var s0 = x + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }

        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }

    /// <summary>The frequency with the most power among <paramref name="candidates"/>.</summary>
    public static double Dominant(ReadOnlySpan<float> samples, int sampleRate, IEnumerable<double> candidates)
    {
        var best = double.NaN;
        var bestPower = double.NegativeInfinity;
        foreach (var f in candidates)
        {
            var power = Goertzel(samples, f, sampleRate);
            if (power > bestPower)
            {
                (best, bestPower) = (f, power);
            }
        }

        return best;
    }

    /// <summary>10 Hz steps across the band below Nyquist (10 s of signal resolves 0.1 Hz; 10 Hz bins are far apart).</summary>
    public static IEnumerable<double> Band(int sampleRate) =>
        Enumerable.Range(1, sampleRate / 2 / 10 - 1).Select(i => i * 10.0);
}
