using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hybrid.Distributed.Tests.Infrastructure;

/// <summary>
/// A <c>Hybrid.Silo</c> running as its own operating-system process (<c>dotnet Hybrid.Silo.dll</c>, the
/// same entry point <c>scripts/run</c> and the container use), so tests can send it real signals, kill
/// it and watch it exit. Its output is kept in memory and, when a log path is given, in a log file.
/// </summary>
public sealed class SiloProcess : IDisposable, IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter? _log;
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(string name, int siloPort, int gatewayPort, Process process, StreamWriter? log)
    {
        Name = name;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    /// <summary>The silo port it was told to use (0 when the caller did not say).</summary>
    public int SiloPort { get; }

    /// <summary>The gateway port it was told to use (0 when the caller did not say).</summary>
    public int GatewayPort { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The log file, or empty when the output is only kept in memory.</summary>
    public string LogPath { get; private init; } = string.Empty;

    /// <summary>Every line the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the silo with <c>--Section:Key=value</c> arguments (not waiting for it to be up).</summary>
    public static SiloProcess Start(IEnumerable<string> args) => Start("silo", 0, 0, args, logPath: null);

    /// <summary>
    /// Starts the silo from the test's output folder, where the build copied it, with
    /// <c>--Section:Key=value</c> arguments (not waiting for it to be up).
    /// </summary>
    public static SiloProcess Start(string name, int siloPort, int gatewayPort, IEnumerable<string> args, string? logPath)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Hybrid.Silo.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Hybrid.Silo.dll is not next to the tests; build the test project", dll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var log = logPath is null ? null : new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(name, siloPort, gatewayPort, process, log) { LogPath = logPath ?? string.Empty };
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("could not start the silo process");
        }

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

    /// <summary>SIGKILL, as <c>kill -9</c>: the process gets no chance to do anything.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(30)), $"{Name} did not die");
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

    /// <summary>The last lines of its output, for a failure message.</summary>
    public string LogTail() => string.Join('\n', _output.TakeLast(30));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
        lock (_gate)
        {
            _log?.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // Disposal goes on; the process is reported by the test that started it, if at all.
            }
        }

        Dispose();
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

        if (_log is null)
        {
            return;
        }

        lock (_gate)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process outlived its log.
            }
        }
    }
}
