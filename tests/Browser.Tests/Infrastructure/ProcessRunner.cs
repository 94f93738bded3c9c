using System.Diagnostics;
using System.Text;

namespace Hybrid.Browser.Tests.Infrastructure;

/// <summary>Runs a tool to completion with a deadline, capturing its output line by line.</summary>
public static class ProcessRunner
{
    /// <summary>The exit code and the output of a finished process.</summary>
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError, bool TimedOut);

    public static async Task<Outcome> RunAsync(string tool, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        Action<string>? onLine = null, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }

            onLine?.Invoke(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            onLine?.Invoke("stderr: " + e.Data);
        };
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {tool}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // Let the asynchronous readers drain.
        process.WaitForExit();
        lock (stdout)
        {
            lock (stderr)
            {
                return new Outcome(timedOut ? -1 : process.ExitCode, stdout.ToString(), stderr.ToString(), timedOut);
            }
        }
    }
}
