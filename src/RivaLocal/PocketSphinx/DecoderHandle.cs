using System.Runtime.InteropServices;

namespace Hybrid.RivaLocal.PocketSphinx;

/// <summary>
/// Owns a native <c>ps_decoder_t*</c> and the UTF-8 argv it was configured from.
/// </summary>
internal sealed class DecoderHandle : SafeHandle
{
    private Utf8ArgumentVector? _arguments;

    /// <summary>Called by the source-generated marshaller for <c>ps_init</c>.</summary>
    public DecoderHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>
    /// Keeps the argv strings alive for the decoder's lifetime: the cmd_ln header asks callers
    /// not to free argv while the parsed config is in use.
    /// </summary>
    public void AttachArguments(Utf8ArgumentVector arguments) => _arguments = arguments;

    protected override bool ReleaseHandle()
    {
        NativeMethods.ps_free(handle);
        _arguments?.Dispose();
        _arguments = null;
        return true;
    }
}
