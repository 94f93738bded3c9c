using Hybrid.TestSupport;

namespace Hybrid.RivaLocal.Tests;

/// <summary>The shared test helpers must be right for the WER numbers to mean anything.</summary>
public sealed class TestSupportTests
{
    [Theory]
    [InlineData("hello world", "hello world", 0, 2)]
    [InlineData("Hello, World!", "hello world", 0, 2)]
    [InlineData("the cat sat", "the bat sat", 1, 3)]
    [InlineData("the cat sat", "the sat", 1, 3)]
    [InlineData("the cat sat", "the cat sat down", 1, 3)]
    [InlineData("one two three four", "four three two one", 4, 4)]
    [InlineData("", "", 0, 0)]
    [InlineData("it's done", "its done", 1, 2)]
    public void Word_error_count_is_word_level_levenshtein(string reference, string hypothesis, int errors, int words)
    {
        Assert.Equal(new WordErrorCount(errors, words), WordErrorRate.Count(reference, hypothesis));
    }

    [Fact]
    public void Word_error_rate_is_errors_over_reference_words()
    {
        Assert.Equal(0.25, WordErrorRate.Compute("a b c d", "a b x d"), 6);
    }

    [Fact]
    public void Wav_encoding_round_trips_and_skips_extra_chunks()
    {
        short[] samples = [0, 1, -1, short.MaxValue, short.MinValue, 1234];
        var wav = WavFile.Encode(samples, extraChunks: [("LIST", new byte[] { 1, 2, 3 })]);

        var clip = WavFile.Parse(wav, out var sampleRate);

        Assert.Equal(16000, sampleRate);
        Assert.Equal(samples, clip.Samples);
    }

    [Fact]
    public void Composer_records_where_each_clip_starts()
    {
        var clip = new AudioClip(new short[1600]);
        var composer = new AudioComposer().AddSilence(250).AddClip(clip, "one").AddNoise(500).AddClip(clip, "two");

        Assert.Equal([TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(850)], composer.ClipStarts);
        Assert.Equal("one two", composer.Transcript);
        Assert.Equal(950, composer.Build().DurationMs);
    }

    [Fact]
    public void Trim_keeps_the_loud_part_with_a_margin()
    {
        var samples = new short[16000];
        Array.Fill(samples, (short)2000, 4000, 8000); // loud from 250 ms to 750 ms

        var trimmed = new AudioClip(samples).Trim(threshold: 400, marginMs: 20);

        Assert.Equal(540, trimmed.DurationMs);
        Assert.Equal(TimeSpan.FromMilliseconds(250), new AudioClip(samples).FindSpeechStart());
    }
}
