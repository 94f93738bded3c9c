using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Hybrid.RivaLocal.Audio;

/// <summary>Conversions for 16-bit little-endian PCM.</summary>
internal static class Pcm16
{
    /// <summary>Copies whole samples from <paramref name="bytes"/> (even length) into <paramref name="destination"/>.</summary>
    public static void CopyTo(ReadOnlySpan<byte> bytes, Span<short> destination)
    {
        var source = MemoryMarshal.Cast<byte, short>(bytes);
        source.CopyTo(destination);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(destination[..source.Length], destination[..source.Length]);
        }
    }

    /// <summary>Converts PCM bytes to samples, ignoring a trailing odd byte.</summary>
    public static short[] ToSamples(ReadOnlySpan<byte> bytes)
    {
        var samples = new short[bytes.Length / 2];
        CopyTo(bytes[..(samples.Length * 2)], samples);
        return samples;
    }
}
