using System.Buffers.Binary;

namespace Hybrid.Grains.Asr;

/// <summary>Wraps PCM16 mono audio in a canonical 44-byte-header WAV file.</summary>
public static class PcmWav
{
    private const int HeaderBytes = 44;

    /// <summary>A WAV file of <paramref name="pcm"/> (16-bit little-endian mono samples at <paramref name="sampleRate"/>).</summary>
    public static byte[] Create(ReadOnlySpan<byte> pcm, int sampleRate = 16_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sampleRate, 0);
        var wav = new byte[HeaderBytes + pcm.Length];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + pcm.Length);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16); // fmt chunk size
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * 2); // byte rate
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2); // block align
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16); // bits per sample
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], pcm.Length);
        pcm.CopyTo(span[HeaderBytes..]);
        return wav;
    }
}
