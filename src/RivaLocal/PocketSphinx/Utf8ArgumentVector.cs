using System.Runtime.InteropServices;

namespace Hybrid.RivaLocal.PocketSphinx;

/// <summary>
/// A native <c>char*[]</c> built from managed strings, for <c>cmd_ln_parse_r</c>.
/// </summary>
internal sealed class Utf8ArgumentVector : IDisposable
{
    private readonly IntPtr[] _pointers;
    private bool _disposed;

    public Utf8ArgumentVector(IReadOnlyList<string> arguments)
    {
        _pointers = new IntPtr[arguments.Count];
        for (var i = 0; i < arguments.Count; i++)
        {
            _pointers[i] = Marshal.StringToCoTaskMemUTF8(arguments[i]);
        }
    }

    public int Count => _pointers.Length;

    /// <summary>The pointer array to pass as argv (valid until disposal).</summary>
    public IntPtr[] Pointers
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _pointers;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var pointer in _pointers)
        {
            Marshal.FreeCoTaskMem(pointer);
        }
    }
}
