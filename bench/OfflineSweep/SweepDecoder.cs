using Hybrid.RivaLocal.PocketSphinx;

namespace Hybrid.Bench.OfflineSweep;

/// <summary>Decodes one recording in a <see cref="DecodeMode"/> and returns the transcript.</summary>
internal static class SweepDecoder
{
    private const int ChunkSamples = 1600;

    public static string Decode(PocketSphinxDecoder decoder, short[] samples, DecodeMode mode)
    {
        switch (mode)
        {
            case DecodeMode.WholeBatch:
                decoder.StartStream();
                decoder.StartUtterance();
                decoder.Process(samples, fullUtterance: true);
                decoder.EndUtterance();
                return string.Join(' ', Words(decoder));
            case DecodeMode.TwoPass:
                Stream(decoder, samples);
                var adapted = decoder.CurrentCepstralMean();
                decoder.StartStream();
                decoder.SetCepstralMean(adapted);
                return StreamFromHere(decoder, samples);
            default:
                return Stream(decoder, samples);
        }
    }

    private static string Stream(PocketSphinxDecoder decoder, short[] samples)
    {
        decoder.StartStream();
        return StreamFromHere(decoder, samples);
    }

    // The same VAD splitting as RivaLocal's recognizer: an utterance ends at every speech-to-silence edge.
    private static string StreamFromHere(PocketSphinxDecoder decoder, short[] samples)
    {
        var words = new List<string>();
        var inSpeech = false;
        decoder.StartUtterance();
        for (var offset = 0; offset < samples.Length; offset += ChunkSamples)
        {
            decoder.Process(samples.AsSpan(offset, Math.Min(ChunkSamples, samples.Length - offset)));
            if (decoder.InSpeech)
            {
                inSpeech = true;
            }
            else if (inSpeech)
            {
                decoder.EndUtterance();
                words.AddRange(Words(decoder));
                decoder.StartUtterance();
                inSpeech = false;
            }
        }

        decoder.EndUtterance();
        words.AddRange(Words(decoder));
        return string.Join(' ', words);
    }

    private static IEnumerable<string> Words(PocketSphinxDecoder decoder) =>
        decoder.GetSegments().Select(segment => DictionaryWord.ToTranscriptWord(segment.Word)).OfType<string>();
}
