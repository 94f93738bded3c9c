using Hybrid.TestSupport;

namespace Hybrid.RivaLocal.Tests.Support;

/// <summary>Multi-sentence test audio built from flite speech.</summary>
internal static class SpeechCorpus
{
    /// <summary>
    /// All general sentences in one voice: 500 ms of low noise first, 700 ms of low noise between
    /// sentences and 800 ms after the last.
    /// </summary>
    public static async Task<AudioComposer> ParagraphAsync(string voice)
    {
        var composer = new AudioComposer().AddNoise(500);
        foreach (var sentence in TestSentences.General)
        {
            composer.AddSpeech(await FliteSpeech.SynthesizeAsync(sentence, voice)).AddNoise(700);
        }

        return composer.AddNoise(100);
    }
}
