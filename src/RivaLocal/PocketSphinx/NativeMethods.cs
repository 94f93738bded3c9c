using System.Runtime.InteropServices;

namespace Hybrid.RivaLocal.PocketSphinx;

/// <summary>
/// P/Invoke declarations for Debian's PocketSphinx 5prealpha (<c>libpocketsphinx.so.3</c>) and
/// SphinxBase (<c>libsphinxbase.so.3</c>).
/// </summary>
/// <remarks>
/// Functions returning <c>char*</c> owned by the decoder are declared as <see cref="IntPtr"/>:
/// a <c>string</c> return would make the marshaller <c>free()</c> decoder-owned memory.
/// </remarks>
internal static partial class NativeMethods
{
    // SONAMEs, so the -dev packages (unversioned .so symlinks) are not needed at run time.
    public const string PocketSphinxLibrary = "libpocketsphinx.so.3";
    public const string SphinxBaseLibrary = "libsphinxbase.so.3";

    [LibraryImport(SphinxBaseLibrary)]
    public static partial IntPtr cmd_ln_parse_r(IntPtr inout, IntPtr definitions, int argc, IntPtr[] argv, int strict);

    [LibraryImport(SphinxBaseLibrary, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint cmd_ln_int_r(IntPtr cmdln, string name);

    [LibraryImport(SphinxBaseLibrary, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr cmd_ln_str_r(IntPtr cmdln, string name);

    [LibraryImport(SphinxBaseLibrary)]
    public static partial int cmd_ln_free_r(IntPtr cmdln);

    [LibraryImport(SphinxBaseLibrary, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int cmn_type_from_str(string name);

    [LibraryImport(SphinxBaseLibrary, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int agc_type_from_str(string name);

    [LibraryImport(SphinxBaseLibrary)]
    public static unsafe partial void cmn_live_get(IntPtr cmn, float* mean);

    [LibraryImport(SphinxBaseLibrary)]
    public static unsafe partial void cmn_live_set(IntPtr cmn, float* mean);

    [LibraryImport(SphinxBaseLibrary)]
    public static partial void err_set_logfp(IntPtr file);

    [LibraryImport(SphinxBaseLibrary)]
    public static partial double logmath_exp(IntPtr logmath, int logValue);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial IntPtr ps_args();

    [LibraryImport(PocketSphinxLibrary)]
    public static partial DecoderHandle ps_init(IntPtr config);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial int ps_free(IntPtr decoder);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial IntPtr ps_get_config(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial IntPtr ps_get_feat(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial int ps_start_stream(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial int ps_start_utt(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary)]
    public static unsafe partial int ps_process_raw(DecoderHandle decoder, short* data, nuint sampleCount, int noSearch, int fullUtterance);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial byte ps_get_in_speech(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial int ps_end_utt(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial IntPtr ps_get_hyp(DecoderHandle decoder, out int bestScore);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial IntPtr ps_get_logmath(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial IntPtr ps_seg_iter(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial IntPtr ps_seg_next(IntPtr segment);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial IntPtr ps_seg_word(IntPtr segment);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial void ps_seg_frames(IntPtr segment, out int startFrame, out int endFrame);

    [LibraryImport(PocketSphinxLibrary)]
    public static partial int ps_seg_prob(IntPtr segment, out int acousticScore, out int languageScore, out int languageBackoff);
}
