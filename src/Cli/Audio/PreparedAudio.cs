using System.Collections.Concurrent;

namespace Hybrid.Cli.Audio;

/// <summary>A file's audio ready for the hub: PCM16 LE mono at the hub's rate, cut into frames on demand.</summary>
public sealed class PreparedAudio
{
    private readonly ConcurrentDictionary<int, IReadOnlyList<byte[]>> _frames = new();

    public PreparedAudio(byte[] pcm, int sampleRate, string description)
    {
        Pcm = pcm;
        SampleRate = sampleRate;
        Description = description;
    }

    public byte[] Pcm { get; }

    public int SampleRate { get; }

    /// <summary>What the source was and what it became, for people.</summary>
    public string Description { get; }

    public long DurationMs => Pcm.Length / 2 * 1000L / SampleRate;

    /// <summary>Loads and converts a WAV file; bad input becomes a usage error with a clear message.</summary>
    public static PreparedAudio Load(string path, int targetRate = AudioPreparer.HubSampleRate)
    {
        WavAudio wav;
        try
        {
            wav = WavReader.ReadFile(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException(ExitCodes.Usage, $"no such file: {path}", inner: ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"cannot read {path}: {ex.Message}", inner: ex);
        }
        catch (WavFormatException ex)
        {
            throw new CliException(ExitCodes.Usage, $"{path}: {ex.Message}", inner: ex);
        }

        if (wav.FrameCount == 0)
        {
            throw new CliException(ExitCodes.Usage, $"{path}: the file holds no audio");
        }

        var pcm = AudioPreparer.ToPcm16Mono(wav, targetRate);
        var kind = wav.Format == WavSampleFormat.Float ? $"float{wav.BitsPerSample}" : $"PCM{wav.BitsPerSample}";
        var channels = wav.Channels switch { 1 => "mono", 2 => "stereo", var n => $"{n} channels" };
        var description = $"{Path.GetFileName(path)}: {wav.Duration.TotalSeconds:0.00} s, {wav.SampleRate} Hz {channels} {kind}"
            + (wav.SampleRate == targetRate && wav.Channels == 1 && wav.BitsPerSample == 16 && wav.Format == WavSampleFormat.Pcm
                ? string.Empty
                : $" → {targetRate} Hz mono PCM16");
        return new PreparedAudio(pcm, targetRate, description);
    }

    /// <summary>The audio cut into frames of <paramref name="frameMs"/> (the last one may be shorter).</summary>
    public IReadOnlyList<byte[]> Frames(int frameMs) =>
        _frames.GetOrAdd(frameMs, ms => PcmFramer.Split(Pcm, PcmFramer.FrameBytes(SampleRate, ms)));
}
