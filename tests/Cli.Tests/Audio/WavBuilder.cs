using System.Buffers.Binary;
using System.Text;

namespace Hybrid.Cli.Tests.Audio;

/// <summary>Writes WAV files in memory for the reader tests, including the odd layouts real writers produce.</summary>
internal static class WavBuilder
{
    public static byte[] Pcm16(int sampleRate, int channels, IReadOnlyList<short> interleaved, params (string Id, byte[] Body)[] extraChunksBeforeFmt)
    {
        var data = new byte[interleaved.Count * 2];
        for (var i = 0; i < interleaved.Count; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), interleaved[i]);
        }

        return Build(Fmt(1, channels, sampleRate, 16), data, extraChunksBeforeFmt);
    }

    public static byte[] Pcm8(int sampleRate, int channels, IReadOnlyList<byte> interleaved) =>
        Build(Fmt(1, channels, sampleRate, 8), [.. interleaved]);

    public static byte[] Pcm24(int sampleRate, int channels, IReadOnlyList<int> interleaved)
    {
        var data = new byte[interleaved.Count * 3];
        for (var i = 0; i < interleaved.Count; i++)
        {
            data[3 * i] = (byte)interleaved[i];
            data[3 * i + 1] = (byte)(interleaved[i] >> 8);
            data[3 * i + 2] = (byte)(interleaved[i] >> 16);
        }

        return Build(Fmt(1, channels, sampleRate, 24), data);
    }

    public static byte[] Float32(int sampleRate, int channels, IReadOnlyList<float> interleaved, bool extensible = false)
    {
        var data = new byte[interleaved.Count * 4];
        for (var i = 0; i < interleaved.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), interleaved[i]);
        }

        return Build(extensible ? ExtensibleFmt(3, channels, sampleRate, 32) : Fmt(3, channels, sampleRate, 32), data);
    }

    public static byte[] Fmt(ushort tag, int channels, int sampleRate, int bits)
    {
        var fmt = new byte[16];
        var blockAlign = channels * bits / 8;
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), (uint)(sampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)bits);
        return fmt;
    }

    public static byte[] ExtensibleFmt(ushort subFormat, int channels, int sampleRate, int bits)
    {
        var fmt = new byte[40];
        Fmt(0xFFFE, channels, sampleRate, bits).CopyTo(fmt, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), (ushort)bits);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(20), channels == 2 ? 3u : 4u);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), subFormat);
        byte[] tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        tail.CopyTo(fmt, 26);
        return fmt;
    }

    public static byte[] Build(byte[] fmt, byte[] data, params (string Id, byte[] Body)[] extraChunksBeforeFmt)
    {
        var chunks = new List<(string, byte[])>(extraChunksBeforeFmt) { ("fmt ", fmt), ("data", data) };
        return Riff(chunks);
    }

    public static byte[] Riff(IEnumerable<(string Id, byte[] Body)> chunks)
    {
        using var stream = new MemoryStream();
        stream.Write("RIFF"u8);
        stream.Write(new byte[4]);
        stream.Write("WAVE"u8);
        foreach (var (id, body) in chunks)
        {
            stream.Write(Encoding.ASCII.GetBytes(id));
            var size = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)body.Length);
            stream.Write(size);
            stream.Write(body);
            if (body.Length % 2 == 1)
            {
                stream.WriteByte(0);
            }
        }

        var bytes = stream.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }
}
