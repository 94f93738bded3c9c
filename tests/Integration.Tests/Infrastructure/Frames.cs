using Hybrid.Protocol;

namespace Hybrid.Integration.Tests.Infrastructure;

/// <summary>Cuts PCM16 bytes into hub frames.</summary>
public static class Frames
{
    public const int Bytes100Ms = 3200;

    public static IEnumerable<AudioFrame> From(byte[] pcm, long firstSeq = 0, int frameBytes = Bytes100Ms)
    {
        var seq = firstSeq;
        for (var offset = 0; offset < pcm.Length; offset += frameBytes)
        {
            var length = Math.Min(frameBytes, pcm.Length - offset);
            yield return new AudioFrame(seq++, pcm.AsSpan(offset, length).ToArray());
        }
    }

    public static IEnumerable<AudioFrame> Silence(int count, long firstSeq = 0)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new AudioFrame(firstSeq + i, new byte[Bytes100Ms]);
        }
    }
}
