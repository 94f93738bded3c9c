using System.Buffers.Binary;
using System.Text;

namespace Hybrid.TestSupport;

/// <summary>Reads and writes 16-bit PCM mono WAV files.</summary>
public static class WavFile
{
    /// <summary>Reads a PCM16 mono WAV file (any chunk layout).</summary>
    /// <exception cref="InvalidDataException">Not a PCM16 mono WAV file.</exception>
    public static AudioClip Read(string path) => Parse(File.ReadAllBytes(path), out _);

    /// <summary>Parses PCM16 mono WAV bytes; <paramref name="sampleRate"/> receives the header's rate.</summary>
    /// <exception cref="InvalidDataException">Not a PCM16 mono WAV file.</exception>
    public static AudioClip Parse(ReadOnlySpan<byte> bytes, out int sampleRate)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException("not a RIFF/WAVE file");
        }

        sampleRate = 0;
        var formatSeen = false;
        var position = 12;
        while (position + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes.Slice(position, 4));
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(position + 4, 4)), int.MaxValue);
            var body = position + 8;
            if (id == "fmt ")
            {
                var format = BinaryPrimitives.ReadUInt16LittleEndian(bytes[body..]);
                var channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 2)..]);
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(bytes[(body + 4)..]);
                var bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 14)..]);
                if (format != 1 || channels != 1 || bits != 16)
                {
                    throw new InvalidDataException($"expected PCM16 mono, found format {format}, {channels} channels, {bits} bits");
                }

                formatSeen = true;
            }
            else if (id == "data")
            {
                if (!formatSeen)
                {
                    throw new InvalidDataException("data chunk before fmt chunk");
                }

                var length = Math.Min(size, bytes.Length - body) & ~1;
                var samples = new short[length / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(body + (2 * i))..]);
                }

                return new AudioClip(samples);
            }

            position = body + size + (size & 1);
        }

        throw new InvalidDataException("no data chunk");
    }

    /// <summary>
    /// Encodes PCM16 samples as a WAV file (samples are written as given, i.e. already interleaved when
    /// <paramref name="channels"/> &gt; 1). <paramref name="extraChunks"/> (id, payload) are written between
    /// the fmt and data chunks, the way some tools insert LIST metadata.
    /// </summary>
    public static byte[] Encode(
        ReadOnlySpan<short> samples,
        int sampleRate = AudioClip.SampleRate,
        int channels = 1,
        IEnumerable<(string Id, byte[] Payload)>? extraChunks = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true))
        {
            writer.Write("RIFF"u8);
            writer.Write(0); // patched below
            writer.Write("WAVE"u8);
            writer.Write("fmt "u8);
            writer.Write(16);
            writer.Write((short)1);
            writer.Write((short)channels);
            writer.Write(sampleRate);
            writer.Write(sampleRate * channels * 2);
            writer.Write((short)(channels * 2));
            writer.Write((short)16);
            foreach (var (id, payload) in extraChunks ?? [])
            {
                if (id.Length != 4)
                {
                    throw new ArgumentException($"chunk id '{id}' must have 4 characters", nameof(extraChunks));
                }

                writer.Write(Encoding.ASCII.GetBytes(id));
                writer.Write(payload.Length);
                writer.Write(payload);
                if (payload.Length % 2 == 1)
                {
                    writer.Write((byte)0);
                }
            }

            writer.Write("data"u8);
            writer.Write(samples.Length * 2);
            foreach (var sample in samples)
            {
                writer.Write(sample);
            }
        }

        var bytes = stream.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        return bytes;
    }
}
