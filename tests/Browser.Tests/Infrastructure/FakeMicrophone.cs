using System.Security.Cryptography;
using System.Text;
using Hybrid.TestSupport;

namespace Hybrid.Browser.Tests.Infrastructure;

/// <summary>
/// The WAV Chromium plays as its microphone (<c>--use-file-for-fake-audio-capture</c>): flite's "rms" voice
/// reading <see cref="Sentences"/>, a short pause after each, converted with sox to 48 kHz mono PCM16 and
/// padded with 1 s of silence before and 2 s after. Cached under the system temp folder.
/// </summary>
public static class FakeMicrophone
{
    private const string PipelineVersion = "browser-mic-v1";

    /// <summary>~20 s of speech: the first five general test sentences.</summary>
    public static IReadOnlyList<string> Sentences { get; } = TestSentences.General.Take(5).ToArray();

    /// <summary>What is said, for WER.</summary>
    public static string ReferenceText => string.Join(' ', Sentences);

    /// <summary>Makes (or reuses) the WAV; returns its path.</summary>
    public static async Task<string> CreateAsync(CancellationToken cancellationToken = default)
    {
        FliteSpeech.EnsureToolsInstalled();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PipelineVersion + "\n" + string.Join('\n', Sentences))))[..16];
        var directory = Path.Combine(Path.GetTempPath(), "hybrid-speech");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"browser-mic-{hash}.wav");
        if (File.Exists(path))
        {
            return path;
        }

        var work = Path.Combine(directory, $"browser-mic-{hash}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var padded = new List<string>();
            for (var i = 0; i < Sentences.Count; i++)
            {
                var raw = Path.Combine(work, $"s{i}.wav");
                var withPause = Path.Combine(work, $"s{i}p.wav");
                await RunAsync("flite", ["-voice", "rms", "-t", Sentences[i], "-o", raw], cancellationToken);
                await RunAsync("sox", [raw, withPause, "pad", "0", "0.6"], cancellationToken);
                padded.Add(withPause);
            }

            var joined = Path.Combine(work, "joined.wav");
            await RunAsync("sox", [.. padded, joined], cancellationToken);
            var result = Path.Combine(work, "mic.wav");
            await RunAsync("sox", [joined, "-r", "48000", "-c", "1", "-b", "16", result, "pad", "1", "2"], cancellationToken);
            File.Move(result, path, overwrite: true);
            return path;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Length of a WAV file in seconds (from its header).</summary>
    public static double DurationSeconds(string path)
    {
        var clip = WavFile.Parse(File.ReadAllBytes(path), out var rate);
        return clip.Samples.Length / (double)rate;
    }

    private static async Task RunAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var outcome = await ProcessRunner.RunAsync(tool, arguments, Path.GetTempPath(), TimeSpan.FromSeconds(60));
        cancellationToken.ThrowIfCancellationRequested();
        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({outcome.ExitCode}): {outcome.StandardError.Trim()}");
        }
    }
}
