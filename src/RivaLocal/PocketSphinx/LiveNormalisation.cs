using System.Globalization;
using System.Runtime.InteropServices;

namespace Hybrid.RivaLocal.PocketSphinx;

/// <summary>
/// A decoder's live cepstral mean normalisation (CMN), put back to the model's initial estimate at
/// every stream start so that no stream's audio changes how a later stream on the same decoder is heard.
/// </summary>
/// <remarks>
/// <para>
/// PocketSphinx subtracts a running cepstral mean from every frame and re-estimates it at each utterance
/// end. The estimate lives in the decoder and survives <c>ps_start_stream</c>, so on a pooled decoder
/// the previous user's voice, level and microphone shifted the next user's features and changed words.
/// The noise estimate of the VAD is reset by <c>ps_start_stream</c> and the VAD state by
/// <c>ps_start_utt</c>; the search starts afresh with every utterance. CMN (and AGC, refused below) is
/// the state that is left.
/// </para>
/// <para>
/// 5prealpha has no call that reaches the estimate from a decoder (<c>ps_set_cmn</c> came in later
/// releases), only <c>ps_get_feat</c> and sphinxbase's exported <c>cmn_live_get</c>/<c>cmn_live_set</c>.
/// The <c>cmn_t*</c> is therefore read from <c>feat_t</c> at the offset its public header gives, after
/// the neighbouring fields were checked against the decoder's own configuration and the estimate found
/// there equals the model's <c>-cmninit</c>: a library with another layout fails start-up loudly
/// instead of corrupting memory.
/// </para>
/// <para>
/// <c>cmn_live_set</c> gives the restored estimate the weight of 500 frames (sphinxbase's CMN_WIN),
/// where <c>ps_init</c> leaves it with none. Every stream, the first on a new decoder included, starts
/// from the restored state, which is also where later PocketSphinx releases start every decoder.
/// </para>
/// </remarks>
internal sealed class LiveNormalisation
{
    // feat_t and cmn_t field offsets from sphinxbase/feat.h and sphinxbase/cmn.h (libsphinxbase-dev
    // 0.8+5prealpha, LP64: 8-byte pointers, 4-byte int32 and enums).
    private const int FeatNameOffset = 8;         // char *name
    private const int FeatCepSizeOffset = 16;     // int32 cepsize
    private const int FeatCmnTypeOffset = 68;     // cmn_type_t cmn
    private const int FeatAgcTypeOffset = 76;     // agc_type_t agc
    private const int FeatCmnStructOffset = 88;   // cmn_t *cmn_struct
    private const int CmnVectorLengthOffset = 28; // int32 veclen

    private const int CmnNone = 0;
    private const int AgcNone = 0;

    private readonly IntPtr _cmn;
    private readonly float[] _initialMean;

    private LiveNormalisation(IntPtr cmn, float[] initialMean)
    {
        _cmn = cmn;
        _initialMean = initialMean;
    }

    /// <summary>
    /// Locates and snapshots the normalisation of a decoder fresh from <c>ps_init</c>.
    /// </summary>
    /// <exception cref="PocketSphinxException">The library's layout or the model's settings are not the expected ones.</exception>
    public static LiveNormalisation Capture(DecoderHandle decoder)
    {
        if (IntPtr.Size != 8)
        {
            throw Mismatch("the feat_t layout is only known for 64-bit processes");
        }

        var config = NativeMethods.ps_get_config(decoder);
        var feat = NativeMethods.ps_get_feat(decoder);
        if (config == IntPtr.Zero || feat == IntPtr.Zero)
        {
            throw Mismatch("ps_get_config or ps_get_feat returned NULL");
        }

        var cepstrumLength = (int)NativeMethods.cmd_ln_int_r(config, "-ceplen");
        ExpectField(feat, FeatCepSizeOffset, cepstrumLength, "feat_t.cepsize", "-ceplen");
        var featureType = ConfigString(config, "-feat");
        var name = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(feat, FeatNameOffset));
        if (name != featureType)
        {
            throw Mismatch($"feat_t.name is '{name}', the decoder's -feat is '{featureType}'");
        }

        var agc = NativeMethods.agc_type_from_str(ConfigString(config, "-agc"));
        ExpectField(feat, FeatAgcTypeOffset, agc, "feat_t.agc", "-agc");
        if (agc != AgcNone)
        {
            // An AGC history (agc_t) has no call that resets it, so streams would leak into each other.
            throw new PocketSphinxException(
                $"the acoustic model asks for '-agc {ConfigString(config, "-agc")}'; only models with -agc none keep streams independent");
        }

        var cmnType = NativeMethods.cmn_type_from_str(ConfigString(config, "-cmn"));
        ExpectField(feat, FeatCmnTypeOffset, cmnType, "feat_t.cmn", "-cmn");
        if (cmnType == CmnNone)
        {
            return new LiveNormalisation(IntPtr.Zero, []);
        }

        var cmn = Marshal.ReadIntPtr(feat, FeatCmnStructOffset);
        if (cmn == IntPtr.Zero)
        {
            throw Mismatch("feat_t.cmn_struct is NULL although CMN is enabled");
        }

        ExpectField(cmn, CmnVectorLengthOffset, cepstrumLength, "cmn_t.veclen", "-ceplen");
        var mean = new float[cepstrumLength];
        Get(cmn, mean);
        var expected = ParseInitialMean(ConfigString(config, "-cmninit"), cepstrumLength);
        for (var i = 0; i < mean.Length; i++)
        {
            if (Math.Abs(mean[i] - expected[i]) > 1e-3f)
            {
                throw Mismatch($"the CMN estimate of a new decoder ({Format(mean)}) is not the model's -cmninit ({Format(expected)})");
            }
        }

        return new LiveNormalisation(cmn, mean);
    }

    /// <summary>Puts the estimate back to the snapshot (call between utterances only).</summary>
    public void Reset() => Set(_initialMean);

    /// <summary>Replaces the estimate (call between utterances only).</summary>
    public unsafe void Set(float[] mean)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(mean.Length, _initialMean.Length);
        if (_cmn == IntPtr.Zero)
        {
            return;
        }

        fixed (float* values = mean)
        {
            NativeMethods.cmn_live_set(_cmn, values);
        }
    }

    /// <summary>The current estimate, for tests.</summary>
    public float[] Current()
    {
        var mean = new float[_initialMean.Length];
        if (_cmn != IntPtr.Zero)
        {
            Get(_cmn, mean);
        }

        return mean;
    }

    private static unsafe void Get(IntPtr cmn, float[] mean)
    {
        fixed (float* values = mean)
        {
            NativeMethods.cmn_live_get(cmn, values);
        }
    }

    // The same reading of "-cmninit" that ps_init applies: up to veclen comma-separated values, zeros after.
    private static float[] ParseInitialMean(string text, int length)
    {
        var mean = new float[length];
        var values = text.Split(',');
        for (var i = 0; i < Math.Min(length, values.Length); i++)
        {
            if (!float.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out mean[i]))
            {
                throw Mismatch($"-cmninit '{text}' is not a list of numbers");
            }
        }

        return mean;
    }

    private static void ExpectField(IntPtr structure, int offset, int expected, string field, string option)
    {
        var actual = Marshal.ReadInt32(structure, offset);
        if (actual != expected)
        {
            throw Mismatch($"{field} is {actual} where the decoder's {option} says {expected}");
        }
    }

    private static string ConfigString(IntPtr config, string name)
    {
        var value = NativeMethods.cmd_ln_str_r(config, name);
        return value == IntPtr.Zero ? string.Empty : Marshal.PtrToStringUTF8(value) ?? string.Empty;
    }

    private static string Format(float[] values) =>
        string.Join(',', values.Select(value => value.ToString("0.##", CultureInfo.InvariantCulture)));

    private static PocketSphinxException Mismatch(string detail) =>
        new($"libsphinxbase's feature layout is not the one this build expects (0.8+5prealpha, LP64): {detail}");
}
