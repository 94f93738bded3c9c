using System.Runtime.InteropServices;

namespace Hybrid.RivaLocal.PocketSphinx;

/// <summary>
/// One native decoder. Not thread-safe: a decoder belongs to one stream at a time (see <see cref="DecoderPool"/>).
/// </summary>
internal sealed class PocketSphinxDecoder : IDisposable
{
    private readonly DecoderHandle _handle;
    private readonly IntPtr _logMath;
    private readonly LiveNormalisation _normalisation;

    private PocketSphinxDecoder(DecoderHandle handle, int frameRate, LiveNormalisation normalisation)
    {
        _handle = handle;
        FrameRate = frameRate;
        _normalisation = normalisation;
        // Owned by the decoder; valid for its lifetime.
        _logMath = NativeMethods.ps_get_logmath(handle);
    }

    /// <summary>Feature frames per second (the <c>-frate</c> setting, 100 by default).</summary>
    public int FrameRate { get; }

    /// <summary>Whether the VAD currently classifies the audio as speech.</summary>
    public bool InSpeech => NativeMethods.ps_get_in_speech(_handle) != 0;

    public static PocketSphinxDecoder Create(DecoderSettings settings)
    {
        Utf8ArgumentVector? arguments = new(settings.ToArguments());
        var config = IntPtr.Zero;
        try
        {
            config = NativeMethods.cmd_ln_parse_r(IntPtr.Zero, NativeMethods.ps_args(), arguments.Count, arguments.Pointers, strict: 1);
            if (config == IntPtr.Zero)
            {
                throw new PocketSphinxException("cmd_ln_parse_r rejected the decoder arguments");
            }

            var frameRate = (int)NativeMethods.cmd_ln_int_r(config, "-frate");
            var handle = NativeMethods.ps_init(config);
            if (handle.IsInvalid)
            {
                handle.Dispose();
                throw new PocketSphinxException("ps_init failed to load the models");
            }

            handle.AttachArguments(arguments);
            arguments = null;
            LiveNormalisation normalisation;
            try
            {
                normalisation = LiveNormalisation.Capture(handle);
            }
            catch
            {
                handle.Dispose();
                throw;
            }

            return new PocketSphinxDecoder(handle, frameRate > 0 ? frameRate : 100, normalisation);
        }
        finally
        {
            // ps_init retains its own reference to the config.
            if (config != IntPtr.Zero)
            {
                NativeMethods.cmd_ln_free_r(config);
            }

            arguments?.Dispose();
        }
    }

    /// <summary>
    /// Starts a stream from the state every stream starts from: time zero (word times count from here),
    /// a fresh VAD noise estimate and the model's initial cepstral mean, whatever the decoder heard before.
    /// </summary>
    public void StartStream()
    {
        Check(NativeMethods.ps_start_stream(_handle), "ps_start_stream");
        _normalisation.Reset();
    }

    /// <summary>The cepstral mean the next frames are normalised with (for tests).</summary>
    public float[] CurrentCepstralMean() => _normalisation.Current();

    /// <summary>Replaces the cepstral mean until the next <see cref="StartStream"/> (two-pass decoding).</summary>
    public void SetCepstralMean(float[] mean) => _normalisation.Set(mean);

    public void StartUtterance() => Check(NativeMethods.ps_start_utt(_handle), "ps_start_utt");

    public void EndUtterance() => Check(NativeMethods.ps_end_utt(_handle), "ps_end_utt");

    /// <param name="samples">16 kHz mono PCM16.</param>
    /// <param name="fullUtterance">The samples are the whole utterance: CMN over all of it (batch) instead of live.</param>
    public unsafe void Process(ReadOnlySpan<short> samples, bool fullUtterance = false)
    {
        if (samples.IsEmpty)
        {
            return;
        }

        fixed (short* data = samples)
        {
            Check(NativeMethods.ps_process_raw(_handle, data, (nuint)samples.Length, noSearch: 0, fullUtterance: fullUtterance ? 1 : 0), "ps_process_raw");
        }
    }

    /// <summary>The current (partial or final) hypothesis, or an empty string.</summary>
    public string GetHypothesis()
    {
        var text = NativeMethods.ps_get_hyp(_handle, out _);
        return text == IntPtr.Zero ? string.Empty : Marshal.PtrToStringUTF8(text) ?? string.Empty;
    }

    /// <summary>Segments of the best path of the last utterance, fillers included.</summary>
    public List<DecodedSegment> GetSegments()
    {
        var segments = new List<DecodedSegment>();
        // ps_seg_next frees the iterator when it returns NULL, so a full walk needs no ps_seg_free.
        for (var segment = NativeMethods.ps_seg_iter(_handle); segment != IntPtr.Zero; segment = NativeMethods.ps_seg_next(segment))
        {
            var word = Marshal.PtrToStringUTF8(NativeMethods.ps_seg_word(segment)) ?? string.Empty;
            NativeMethods.ps_seg_frames(segment, out var startFrame, out var endFrame);
            var logPosterior = NativeMethods.ps_seg_prob(segment, out _, out _, out _);
            var posterior = Math.Clamp(NativeMethods.logmath_exp(_logMath, logPosterior), 0.0, 1.0);
            segments.Add(new DecodedSegment(word, startFrame, endFrame, posterior));
        }

        return segments;
    }

    public void Dispose() => _handle.Dispose();

    private static void Check(int result, string function)
    {
        if (result < 0)
        {
            throw new PocketSphinxException($"{function} failed with {result}");
        }
    }
}
