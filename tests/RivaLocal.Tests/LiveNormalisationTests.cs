using Hybrid.RivaLocal.Hosting;
using Hybrid.RivaLocal.PocketSphinx;
using Hybrid.TestSupport;

namespace Hybrid.RivaLocal.Tests;

/// <summary>The native mechanism behind stream isolation, on a decoder of its own.</summary>
public sealed class LiveNormalisationTests
{
    [Fact]
    public async Task Starting_a_stream_puts_the_cepstral_mean_back_to_the_models_initial_estimate()
    {
        var options = new RivaLocalOptions();
        var settings = new DecoderSettings(
            options.ResolvedAcousticModelPath, options.ResolvedLanguageModelPath, options.ResolvedDictionaryPath, options.VadThreshold);
        var speech = new AudioComposer()
            .AddNoise(300)
            .AddSpeech(await FliteSpeech.SynthesizeAsync(TestSentences.General[2], "kal16"))
            .AddNoise(800)
            .Build();
        NativeMethods.err_set_logfp(IntPtr.Zero);
        using var decoder = PocketSphinxDecoder.Create(settings);
        var initial = decoder.CurrentCepstralMean();

        decoder.StartStream();
        decoder.StartUtterance();
        decoder.Process(speech.Samples);
        decoder.EndUtterance();
        var adapted = decoder.CurrentCepstralMean();
        decoder.StartStream();

        // The utterance moved the estimate (else this test proves nothing); the new stream starts where a new decoder does.
        Assert.NotEqual(initial, adapted);
        Assert.Equal(initial, decoder.CurrentCepstralMean());
        Assert.Equal(41.0f, initial[0], 0.01f);
    }
}
