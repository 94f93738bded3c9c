namespace Hybrid.Bench.Failover;

/// <summary>Endless 100 ms frames of low-level noise (the null model only counts samples; PocketSphinx would hear silence).</summary>
public static class NoiseFrames
{
    public const int FrameMs = 100;
    private const int FrameBytes = 3200;
    private static readonly byte[][] Variants = Make();

    /// <summary>The frames, cycling through a few variants.</summary>
    public static IEnumerable<byte[]> Endless()
    {
        for (long i = 0; ; i++)
        {
            yield return Variants[i % Variants.Length];
        }
    }

    private static byte[][] Make()
    {
        var random = new Random(7);
        return Enumerable.Range(0, 10).Select(_ =>
        {
            var frame = new byte[FrameBytes];
            for (var i = 0; i < frame.Length; i += 2)
            {
                BitConverter.TryWriteBytes(frame.AsSpan(i), (short)random.Next(-200, 200));
            }

            return frame;
        }).ToArray();
    }
}
