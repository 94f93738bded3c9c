namespace Hybrid.RivaLocal.Engines;

/// <summary>
/// The <c>null</c> model: speaks the Riva protocol without decoding, for load tests beyond CPU limits.
/// Every 100 ms of audio is one word <c>w{n}</c> (n = 100 ms position since stream start) and every
/// full second is one utterance.
/// </summary>
internal sealed class NullRecognizer(bool interimResults) : IStreamingRecognizer
{
    private const int SamplesPerWord = AudioFormat.SampleRate / 10;
    private const int WordsPerUtterance = 10;
    private const float InterimStability = 0.5f;

    private int _finalizedWords;
    private bool _completed;

    public long SamplesProcessed { get; private set; }

    public void Accept(ReadOnlySpan<short> samples, List<RecognitionUpdate> updates)
    {
        if (_completed)
        {
            throw new InvalidOperationException("the stream is already complete");
        }

        SamplesProcessed += samples.Length;
        var words = (int)(SamplesProcessed / SamplesPerWord);
        while (words - _finalizedWords >= WordsPerUtterance)
        {
            var endSamples = (long)(_finalizedWords + WordsPerUtterance) * SamplesPerWord;
            updates.Add(Final(_finalizedWords, WordsPerUtterance, AudioFormat.ToSeconds(endSamples)));
            _finalizedWords += WordsPerUtterance;
        }

        var pending = words - _finalizedWords;
        if (interimResults && pending > 0)
        {
            updates.Add(new RecognitionUpdate(
                false, Transcript(_finalizedWords, pending), [], 0f, InterimStability, AudioFormat.ToSeconds(SamplesProcessed)));
        }
    }

    public void Complete(List<RecognitionUpdate> updates)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        var pending = (int)(SamplesProcessed / SamplesPerWord) - _finalizedWords;
        if (pending > 0)
        {
            updates.Add(Final(_finalizedWords, pending, AudioFormat.ToSeconds(SamplesProcessed)));
            _finalizedWords += pending;
        }
    }

    public void Dispose()
    {
    }

    private static RecognitionUpdate Final(int firstWord, int count, double audioProcessedSeconds)
    {
        var words = new RecognizedWord[count];
        for (var i = 0; i < count; i++)
        {
            var index = firstWord + i;
            words[i] = new RecognizedWord($"w{index}", index * 100, (index + 1) * 100, 1f);
        }

        return new RecognitionUpdate(true, Transcript(firstWord, count), words, 1f, 0f, audioProcessedSeconds);
    }

    private static string Transcript(int firstWord, int count) =>
        string.Join(' ', Enumerable.Range(firstWord, count).Select(index => $"w{index}"));
}
