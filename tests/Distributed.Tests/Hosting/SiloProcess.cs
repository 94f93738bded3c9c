using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hybrid.Distributed.Tests.Hosting;

/// <summary>
/// A silo as a real process (<c>dotnet Hybrid.Silo.dll</c>, the same entry point <c>scripts/run</c> and
/// the container use), so tests can send it real signals and watch it exit.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Every line the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the silo process with <c>--Section:Key=value</c> arguments (not waiting for it to be up).</summary>
    public static SiloProcess Start(IEnumerable<string> args)
    {
        var dll = Path.Combine(RepositoryRoot(), "src", "Silo", "bin", "Release", "net10.0", "Hybrid.Silo.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(process);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits for the process to report that its silo is up (or fails if it exits first).</summary>
    public async Task WaitUntilStartedAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_started.Task, exited, Task.Delay(timeout));
        if (first != _started.Task)
        {
            throw new InvalidOperationException($"the silo process did not start (exited: {_process.HasExited}):\n{Output}");
        }
    }

    /// <summary>Sends SIGTERM, what Kubernetes and <c>scripts/run</c> send to stop a silo.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to exit; false if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (line.StartsWith("Hybrid silo started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hybrid.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Hybrid.sln not found above the test binaries");
    }
}
