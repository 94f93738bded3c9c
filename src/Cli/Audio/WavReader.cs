using System.Buffers.Binary;
using System.Text;

namespace Hybrid.Cli.Audio;

/// <summary>
/// Reads RIFF/WAVE files: integer PCM (8, 16, 24, 32 bit), IEEE float (32, 64 bit) and
/// <c>WAVE_FORMAT_EXTENSIBLE</c> wrapping either, any channel count and sample rate.
/// </summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    // Sub-format GUIDs of WAVE_FORMAT_EXTENSIBLE start with the plain format tag; the rest is fixed.
    private static readonly byte[] ExtensibleGuidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public static WavAudio ReadFile(string path) => Read(File.ReadAllBytes(path));

    public static WavAudio Read(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Read(copy.ToArray());
    }

    public static WavAudio Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !Is(file, 0, "RIFF") || !Is(file, 8, "WAVE"))
        {
            throw new WavFormatException(file.Length >= 4 && Is(file, 0, "RF64")
                ? "RF64 (WAV over 4 GiB) is not supported"
                : "not a WAV file (no RIFF/WAVE header)");
        }

        Format? format = null;
        var offset = 12;
        while (offset + 8 <= file.Length)
        {
            var id = Encoding.ASCII.GetString(file.Slice(offset, 4));
            var declared = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(offset + 4, 4));
            var bodyStart = offset + 8;
            var available = file.Length - bodyStart;
            if (id == "data")
            {
                if (format is null)
                {
                    throw new WavFormatException("the data chunk comes before the fmt chunk");
                }

                // Writers that stream to a pipe leave the size at 0 or 0xFFFFFFFF: take the rest of the file.
                var length = declared == 0 || declared > available ? available : (int)declared;
                return Decode(format.Value, file.Slice(bodyStart, length));
            }

            if (declared > available)
            {
                break;
            }

            if (id == "fmt ")
            {
                format = ParseFormat(file.Slice(bodyStart, (int)declared));
            }

            // Chunks are padded to an even length.
            offset = bodyStart + (int)declared + (int)(declared & 1);
        }

        throw new WavFormatException(format is null ? "no fmt chunk" : "no data chunk");
    }

    private static Format ParseFormat(ReadOnlySpan<byte> fmt)
    {
        if (fmt.Length < 16)
        {
            throw new WavFormatException($"fmt chunk is {fmt.Length} bytes; at least 16 are needed");
        }

        var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        var container = bits;
        if (tag == FormatExtensible)
        {
            if (fmt.Length < 40)
            {
                throw new WavFormatException("WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes");
            }

            // wValidBitsPerSample may be smaller than the container (24 in 32); decode by the container.
            var subFormat = fmt.Slice(24, 16);
            if (!subFormat[2..].SequenceEqual(ExtensibleGuidTail))
            {
                throw new WavFormatException("unsupported WAVE_FORMAT_EXTENSIBLE sub-format");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(subFormat);
        }

        if (channels == 0)
        {
            throw new WavFormatException("the file declares 0 channels");
        }

        if (sampleRate == 0 || sampleRate > 1_000_000)
        {
            throw new WavFormatException($"unsupported sample rate {sampleRate}");
        }

        var kind = tag switch
        {
            FormatPcm when container is 8 or 16 or 24 or 32 => WavSampleFormat.Pcm,
            FormatFloat when container is 32 or 64 => WavSampleFormat.Float,
            FormatPcm or FormatFloat => throw new WavFormatException($"unsupported sample size: {container} bits ({(tag == FormatPcm ? "PCM" : "float")})"),
            _ => throw new WavFormatException($"unsupported WAV encoding (format tag 0x{tag:X4}); convert to PCM, e.g. `sox in.wav -b 16 out.wav`"),
        };

        var bytesPerSample = container / 8;
        if (blockAlign != channels * bytesPerSample)
        {
            throw new WavFormatException($"block align {blockAlign} does not match {channels} channel(s) of {container} bits");
        }

        return new Format(kind, channels, (int)sampleRate, container);
    }

    private static WavAudio Decode(Format format, ReadOnlySpan<byte> data)
    {
        var bytesPerSample = format.Bits / 8;
        var frameBytes = bytesPerSample * format.Channels;
        // A truncated last frame (a cut-off download) is dropped rather than mis-assigned to channels.
        var samples = new float[data.Length / frameBytes * format.Channels];
        for (int i = 0, at = 0; i < samples.Length; i++, at += bytesPerSample)
        {
            var s = data.Slice(at, bytesPerSample);
            samples[i] = (format.Kind, format.Bits) switch
            {
                (WavSampleFormat.Pcm, 8) => (s[0] - 128) / 128f,
                (WavSampleFormat.Pcm, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
                (WavSampleFormat.Pcm, 24) => ((s[0] | (s[1] << 8) | (s[2] << 16)) << 8 >> 8) / 8388608f,
                (WavSampleFormat.Pcm, 32) => (float)(BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648.0),
                (WavSampleFormat.Float, 32) => Sanitize(BinaryPrimitives.ReadSingleLittleEndian(s)),
                _ => Sanitize((float)BinaryPrimitives.ReadDoubleLittleEndian(s)),
            };
        }

        return new WavAudio(format.SampleRate, format.Channels, format.Kind, format.Bits, samples);
    }

    // NaN or infinities in a float file would poison the resampler's whole filter window.
    private static float Sanitize(float value) => float.IsFinite(value) ? value : 0f;

    private static bool Is(ReadOnlySpan<byte> file, int offset, string tag) =>
        file.Slice(offset, 4).SequenceEqual(Encoding.ASCII.GetBytes(tag));

    private readonly record struct Format(WavSampleFormat Kind, int Channels, int SampleRate, int Bits);
}
