using Hybrid.Grains.Interfaces.Live;
using Nvidia.Riva;
using Nvidia.Riva.Asr;

namespace Hybrid.Grains.Asr;

/// <summary>Builds the first <c>StreamingRecognize</c> message from a session's options.</summary>
public static class RivaConfigFactory
{
    public static StreamingRecognitionConfig Create(LiveSessionOptions options, AsrOptions asr)
    {
        var config = new RecognitionConfig
        {
            Encoding = AudioEncoding.LinearPcm,
            SampleRateHertz = options.SampleRate,
            LanguageCode = options.Language,
            MaxAlternatives = 1,
            AudioChannelCount = 1,
            EnableWordTimeOffsets = options.WordTimeOffsets,
            EnableAutomaticPunctuation = options.Punctuation,
            Model = options.Model ?? asr.Model ?? string.Empty,
        };
        if (options.Hotwords.Count > 0)
        {
            var context = new SpeechContext { Boost = asr.HotwordBoost };
            context.Phrases.AddRange(options.Hotwords);
            config.SpeechContexts.Add(context);
        }

        return new StreamingRecognitionConfig { Config = config, InterimResults = options.InterimResults };
    }
}
