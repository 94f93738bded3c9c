using System.Buffers.Binary;
using System.Text;

namespace Hybrid.RivaLocal.Audio;

/// <summary>Parses RIFF/WAVE headers chunk by chunk (fmt, data, and any extra chunks such as LIST).</summary>
internal static class WavParser
{
    private const int RiffHeaderBytes = 12;
    private const int ChunkHeaderBytes = 8;
    private const int WaveFormatExtensible = 0xFFFE;

    /// <summary>
    /// Inspects the beginning of an audio byte stream.
    /// </summary>
    /// <exception cref="AudioFormatException">The bytes are RIFF but not a well-formed WAVE header.</exception>
    public static WavProbeResult Probe(ReadOnlySpan<byte> data, out WavHeader? header)
    {
        header = null;
        ReadOnlySpan<byte> riff = "RIFF"u8;
        var prefix = Math.Min(data.Length, riff.Length);
        if (!data[..prefix].SequenceEqual(riff[..prefix]))
        {
            return WavProbeResult.NotWav;
        }

        if (data.Length < RiffHeaderBytes)
        {
            return WavProbeResult.Incomplete;
        }

        if (!data[8..12].SequenceEqual("WAVE"u8))
        {
            throw new AudioFormatException($"RIFF container type '{Describe(data[8..12])}' is not supported; only WAVE audio is accepted");
        }

        int? formatTag = null;
        int channels = 0, sampleRate = 0, bitsPerSample = 0;
        var position = RiffHeaderBytes;
        while (true)
        {
            if (data.Length < position + ChunkHeaderBytes)
            {
                return WavProbeResult.Incomplete;
            }

            var id = data.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(position + 4, 4));
            var body = position + ChunkHeaderBytes;
            if (!IsChunkId(id))
            {
                throw new AudioFormatException($"malformed WAV header: invalid chunk id at byte {position}");
            }

            if (id.SequenceEqual("data"u8))
            {
                if (formatTag is null)
                {
                    throw new AudioFormatException("malformed WAV header: the data chunk comes before the fmt chunk");
                }

                long? length = size is 0 or uint.MaxValue ? null : size;
                header = new WavHeader(formatTag.Value, channels, sampleRate, bitsPerSample, body, length);
                return WavProbeResult.Complete;
            }

            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16)
                {
                    throw new AudioFormatException($"malformed WAV header: fmt chunk of {size} bytes is too short");
                }

                if (data.Length < body + size)
                {
                    return WavProbeResult.Incomplete;
                }

                var fmt = data.Slice(body, (int)size);
                formatTag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
                sampleRate = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]), int.MaxValue);
                bitsPerSample = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
                if (formatTag == WaveFormatExtensible && size >= 40)
                {
                    // The real format is the first two bytes of the sub-format GUID.
                    formatTag = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
                }
            }

            // Chunks are word-aligned: odd sizes carry one pad byte.
            var next = (long)body + size + (size & 1);
            if (next > int.MaxValue)
            {
                throw new AudioFormatException($"malformed WAV header: chunk '{Describe(id)}' claims {size} bytes");
            }

            position = (int)next;
        }
    }

    private static bool IsChunkId(ReadOnlySpan<byte> id)
    {
        foreach (var b in id)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(ReadOnlySpan<byte> id) => IsChunkId(id) ? Encoding.ASCII.GetString(id) : Convert.ToHexString(id);
}
