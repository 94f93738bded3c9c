using Hybrid.TestSupport;

namespace Hybrid.Integration.Tests.Infrastructure;

/// <summary>Multi-sentence flite recordings with pauses between sentences, cached per process.</summary>
public static class Speech
{
    public static readonly string[] Conversation =
    [
        "the morning train to the city was late again",
        "we should plan the budget review for the second week of march",
        "please send the final report to the whole team before friday",
        "the weather looks clear for the picnic on saturday afternoon",
    ];

    private static readonly Lazy<Task<(byte[] Pcm, string Text, int DurationMs)>> ConversationClip = new(() => BuildAsync(Conversation, "awb"));

    /// <summary>About 15 s of speech: 0.5 s of low noise, then four sentences with 0.8 s pauses.</summary>
    public static Task<(byte[] Pcm, string Text, int DurationMs)> ConversationAsync() => ConversationClip.Value;

    public static async Task<(byte[] Pcm, string Text, int DurationMs)> BuildAsync(IReadOnlyList<string> sentences, string voice)
    {
        var composer = new AudioComposer().AddNoise(500);
        foreach (var sentence in sentences)
        {
            composer.AddSpeech(await FliteSpeech.SynthesizeAsync(sentence, voice)).AddNoise(800);
        }

        var clip = composer.Build();
        return (clip.ToPcmBytes(), string.Join(' ', sentences), clip.DurationMs);
    }
}
