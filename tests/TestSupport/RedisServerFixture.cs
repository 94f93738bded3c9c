using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Hybrid.TestSupport;

/// <summary>A real <c>redis-server</c> (Debian package) on a free loopback port, in memory only, for one test class or collection.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private Process? _process;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        const string binary = "/usr/bin/redis-server";
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException("redis-server is not installed: run scripts/test, which installs it (apt package redis-server).");
        }

        var port = FreePort.Next();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        ConnectionString = $"127.0.0.1:{port}";
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                return;
            }
            catch (SocketException) when (!deadline.IsCancellationRequested && !_process.HasExited)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }
}
