using System.Buffers.Binary;
using Hybrid.Grains.Asr;

namespace Hybrid.Unit.Tests.Grains;

public sealed class PcmWavTests
{
    [Fact]
    public void Wraps_pcm_in_a_16_kHz_mono_16_bit_wav_that_holds_exactly_the_samples()
    {
        var pcm = Enumerable.Range(0, 3_200).Select(i => (byte)i).ToArray();

        var wav = PcmWav.Create(pcm);

        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(wav, 8, 4));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20))); // PCM
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22))); // mono
        Assert.Equal(16_000, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)));
        Assert.Equal(pcm.Length, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));
        Assert.Equal(pcm, wav[44..]);
    }
}
