using System.Diagnostics;

namespace Hybrid.Distributed.Tests.Infrastructure;

/// <summary>A <c>Hybrid.Silo</c> running as its own process, its output in a log file.</summary>
public sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();

    private SiloProcess(string name, int siloPort, int gatewayPort, Process process, StreamWriter log)
    {
        Name = name;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string LogPath { get; private init; } = string.Empty;

    /// <summary>Starts the silo from the test's output folder, where the build copied it.</summary>
    public static SiloProcess Start(string name, int siloPort, int gatewayPort, IEnumerable<string> args, string logPath)
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

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the silo process");
        var silo = new SiloProcess(name, siloPort, gatewayPort, process, log) { LogPath = logPath };
        process.OutputDataReceived += (_, e) => silo.Write(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: the process gets no chance to do anything.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(30)), $"{Name} did not die");
    }

    /// <summary>The last lines of its output, for a failure message.</summary>
    public string LogTail()
    {
        lock (_gate)
        {
            _log.Flush();
        }

        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var lines = new StreamReader(stream).ReadToEnd().Split('\n');
            return string.Join('\n', lines.TakeLast(30));
        }
        catch (IOException ex)
        {
            return $"(no log: {ex.Message})";
        }
    }

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
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
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
