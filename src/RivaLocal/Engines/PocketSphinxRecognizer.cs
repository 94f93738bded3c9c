using Hybrid.RivaLocal.PocketSphinx;

namespace Hybrid.RivaLocal.Engines;

/// <summary>
/// Streaming recognition on a pooled PocketSphinx decoder, split into utterances by the decoder's VAD
/// the way <c>pocketsphinx_continuous</c> does it.
/// </summary>
internal sealed class PocketSphinxRecognizer : IStreamingRecognizer
{
    // Interims are revised often (the final is rescored), so they never claim full stability.
    private const float InterimStability = 0.5f;

    private readonly DecoderPool _pool;
    private readonly PocketSphinxDecoder _decoder;
    private readonly bool _interimResults;
    private bool _utteranceOpen;
    private bool _speechInUtterance;
    private string _lastInterim = string.Empty;
    private bool _healthy = true;
    private bool _completed;
    private bool _disposed;

    public PocketSphinxRecognizer(DecoderPool pool, bool interimResults)
    {
        _pool = pool;
        _interimResults = interimResults;
        _decoder = pool.Rent();
        try
        {
            // Word times count from ps_start_stream, so every stream on a reused decoder starts at 0.
            _decoder.StartStream();
            _decoder.StartUtterance();
            _utteranceOpen = true;
        }
        catch
        {
            pool.Return(_decoder, healthy: false);
            _disposed = true;
            throw;
        }
    }

    public long SamplesProcessed { get; private set; }

    public void Accept(ReadOnlySpan<short> samples, List<RecognitionUpdate> updates)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException("the stream is already complete");
        }

        try
        {
            // Check the VAD every 100 ms even when a client sends big messages, so utterance
            // boundaries (and therefore word times) do not depend on the client's chunking.
            while (!samples.IsEmpty)
            {
                var count = Math.Min(samples.Length, AudioFormat.SamplesPerChunk);
                _decoder.Process(samples[..count]);
                SamplesProcessed += count;
                samples = samples[count..];

                if (_decoder.InSpeech)
                {
                    _speechInUtterance = true;
                }
                else if (_speechInUtterance)
                {
                    // Each utterance must hold exactly one VAD speech segment for correct word times.
                    EndUtterance(updates);
                    _decoder.StartUtterance();
                    _utteranceOpen = true;
                }
            }

            if (_interimResults && _speechInUtterance)
            {
                AddInterim(updates);
            }
        }
        catch
        {
            _healthy = false;
            throw;
        }
    }

    public void Complete(List<RecognitionUpdate> updates)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            return;
        }

        _completed = true;
        try
        {
            if (_utteranceOpen)
            {
                EndUtterance(updates);
            }
        }
        catch
        {
            _healthy = false;
            throw;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_utteranceOpen && _healthy)
        {
            try
            {
                // Leave the decoder idle so the next stream starts cleanly.
                _decoder.EndUtterance();
            }
            catch (PocketSphinxException)
            {
                _healthy = false;
            }
        }

        _pool.Return(_decoder, _healthy);
    }

    private void AddInterim(List<RecognitionUpdate> updates)
    {
        var hypothesis = _decoder.GetHypothesis().Trim();
        if (hypothesis.Length == 0 || hypothesis == _lastInterim)
        {
            return;
        }

        _lastInterim = hypothesis;
        updates.Add(new RecognitionUpdate(false, hypothesis, [], 0f, InterimStability, AudioFormat.ToSeconds(SamplesProcessed)));
    }

    private void EndUtterance(List<RecognitionUpdate> updates)
    {
        _decoder.EndUtterance();
        _utteranceOpen = false;
        _speechInUtterance = false;
        _lastInterim = string.Empty;

        var words = ToWords(_decoder.GetSegments());
        if (words.Count == 0)
        {
            // Noise-only utterance: Riva never sends an empty final, and neither do we.
            return;
        }

        var transcript = string.Join(' ', words.Select(word => word.Word));
        var confidence = (float)words.Average(word => word.Confidence);
        updates.Add(new RecognitionUpdate(true, transcript, words, confidence, 0f, AudioFormat.ToSeconds(SamplesProcessed)));
    }

    private List<RecognizedWord> ToWords(List<DecodedSegment> segments)
    {
        var processedMs = AudioFormat.ToMilliseconds(SamplesProcessed);
        var words = new List<RecognizedWord>(segments.Count);
        foreach (var segment in segments)
        {
            var word = DictionaryWord.ToTranscriptWord(segment.Word);
            if (word is null)
            {
                continue;
            }

            // Frames are already absolute stream times (5prealpha adds the VAD segment offset).
            var startMs = Math.Clamp(FramesToMilliseconds(segment.StartFrame), 0, processedMs);
            var endMs = Math.Clamp(FramesToMilliseconds(segment.EndFrame + 1), startMs, processedMs);
            words.Add(new RecognizedWord(word, startMs, endMs, (float)segment.Posterior));
        }

        return words;
    }

    private int FramesToMilliseconds(int frames) => (int)((long)frames * 1000 / _decoder.FrameRate);
}
