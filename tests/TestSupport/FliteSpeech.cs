using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Hybrid.TestSupport;

/// <summary>
/// Synthesises English speech with flite and converts it with sox to 16 kHz mono PCM16, caching the
/// WAV files under <see cref="CacheDirectory"/> so repeated test runs do not re-synthesise.
/// </summary>
/// <remarks>Needs the Debian packages <c>flite</c> and <c>sox</c>.</remarks>
public static class FliteSpeech
{
    // Bump when the synthesis pipeline changes, so stale cache entries are not reused.
    private const string PipelineVersion = "flite+sox16k-v1";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Voices flite ships on Debian 12 that produce usable speech for recognition tests.</summary>
    public static IReadOnlyList<string> Voices { get; } = ["awb", "rms", "slt", "kal16"];

    /// <summary>Where synthesised WAV files are cached.</summary>
    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "hybrid-speech");

    /// <summary>Speaks <paramref name="text"/> with <paramref name="voice"/> (cached).</summary>
    /// <exception cref="InvalidOperationException">flite or sox is missing or failed.</exception>
    public static async Task<SynthesizedSpeech> SynthesizeAsync(string text, string voice = "awb", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(voice);
        var path = Path.Combine(CacheDirectory, $"{CacheKey(text, voice)}.wav");
        if (!File.Exists(path))
        {
            await CreateAsync(text, voice, path, cancellationToken).ConfigureAwait(false);
        }

        return new SynthesizedSpeech(text, voice, WavFile.Read(path), path);
    }

    /// <summary>Throws a clear error when flite or sox is not installed.</summary>
    public static void EnsureToolsInstalled()
    {
        foreach (var tool in new[] { "flite", "sox" })
        {
            if (FindOnPath(tool) is null)
            {
                throw new InvalidOperationException(
                    $"'{tool}' was not found on PATH; test speech needs flite and sox (apt-get install -y flite sox)");
            }
        }
    }

    private static async Task CreateAsync(string text, string voice, string path, CancellationToken cancellationToken)
    {
        EnsureToolsInstalled();
        Directory.CreateDirectory(CacheDirectory);
        // Unique temp names + atomic rename: parallel tests (or processes) may synthesise the same clip.
        var unique = $"{Path.GetFileNameWithoutExtension(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}";
        var raw = Path.Combine(CacheDirectory, unique + ".flite.wav");
        var converted = Path.Combine(CacheDirectory, unique + ".16k.wav");
        try
        {
            await RunAsync("flite", ["-voice", voice, "-t", text, "-o", raw], cancellationToken).ConfigureAwait(false);
            await RunAsync("sox", [raw, "-r", "16000", "-c", "1", "-b", "16", converted], cancellationToken).ConfigureAwait(false);
            File.Move(converted, path, overwrite: true);
        }
        finally
        {
            File.Delete(raw);
            File.Delete(converted);
        }
    }

    private static async Task RunAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ToolTimeout);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"{tool} did not finish within {ToolTimeout.TotalSeconds} s");
        }

        await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{tool} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {errors.Trim()}");
        }
    }

    private static string CacheKey(string text, string voice)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{PipelineVersion}\n{voice}\n{text}"));
        return $"{voice}-{Convert.ToHexStringLower(hash)[..16]}";
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
}
