namespace Hybrid.TestSupport;

/// <summary>
/// Builds test audio from speech clips separated by silence or low noise, and records where each
/// clip starts so tests can check word times.
/// </summary>
public sealed class AudioComposer
{
    private readonly List<short> _samples = [];
    private readonly List<TimeSpan> _clipStarts = [];
    private readonly List<string> _texts = [];
    private readonly Random _noise;

    /// <param name="noiseSeed">Seed for <see cref="AddNoise"/>, so composed audio is reproducible.</param>
    public AudioComposer(int noiseSeed = 1234) => _noise = new Random(noiseSeed);

    /// <summary>Appends digital silence (zeros).</summary>
    public AudioComposer AddSilence(int milliseconds)
    {
        _samples.AddRange(new short[ToSamples(milliseconds)]);
        return this;
    }

    /// <summary>Appends uniform noise of ±<paramref name="amplitude"/> (a quiet room is about 30).</summary>
    public AudioComposer AddNoise(int milliseconds, int amplitude = 30)
    {
        var count = ToSamples(milliseconds);
        for (var i = 0; i < count; i++)
        {
            _samples.Add((short)_noise.Next(-amplitude, amplitude + 1));
        }

        return this;
    }

    /// <summary>Appends a clip; <paramref name="text"/> (optional) becomes part of <see cref="Transcript"/>.</summary>
    public AudioComposer AddClip(AudioClip clip, string? text = null)
    {
        ArgumentNullException.ThrowIfNull(clip);
        _clipStarts.Add(Position);
        if (!string.IsNullOrWhiteSpace(text))
        {
            _texts.Add(text.Trim());
        }

        _samples.AddRange(clip.Samples);
        return this;
    }

    /// <summary>Appends a synthesised sentence with its text.</summary>
    public AudioComposer AddSpeech(SynthesizedSpeech speech)
    {
        ArgumentNullException.ThrowIfNull(speech);
        return AddClip(speech.Clip, speech.Text);
    }

    /// <summary>Current end of the composition.</summary>
    public TimeSpan Position => TimeSpan.FromSeconds(_samples.Count / (double)AudioClip.SampleRate);

    /// <summary>Start offset of every added clip, in order.</summary>
    public IReadOnlyList<TimeSpan> ClipStarts => _clipStarts;

    /// <summary>Texts of the added clips joined with spaces: the reference transcript.</summary>
    public string Transcript => string.Join(' ', _texts);

    /// <summary>The composed audio.</summary>
    public AudioClip Build() => new([.. _samples]);

    private static int ToSamples(int milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        return (int)((long)milliseconds * AudioClip.SampleRate / 1000);
    }
}
