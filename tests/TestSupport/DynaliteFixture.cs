using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Xunit;

namespace Hybrid.TestSupport;

/// <summary>
/// Starts one in-memory dynalite (the npm DynamoDB server in tests/node) on a free loopback port for the
/// whole test collection and kills it at the end. Tests isolate themselves by table prefix and cluster id.
/// </summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private Process? _process;

    public string ServiceUrl { get; private set; } = "";

    /// <summary>A raw SDK client for assertions on stored items.</summary>
    public IAmazonDynamoDB Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var cli = Path.Combine(FindRepoRoot(), "tests", "node", "node_modules", "dynalite", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException(
                $"dynalite is not installed ({cli} is missing; tests/node/node_modules is created by `npm ci`): run scripts/test, which installs the test services.");
        }

        // dynalite cannot pick its own port (it treats --port 0 as "default"), so pick one and retry on the rare clash.
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort.Next();
            try
            {
                _process = await StartAsync(cli, port);
                ServiceUrl = $"http://127.0.0.1:{port}";
                Client = new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"),
                    new AmazonDynamoDBConfig { ServiceURL = ServiceUrl, AuthenticationRegion = "us-east-1" });
                await Client.ListTablesAsync(new ListTablesRequest());
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                last = exception;
                Kill();
            }
        }

        throw new InvalidOperationException("dynalite did not start.", last);
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        Kill();
        return Task.CompletedTask;
    }

    /// <summary>A table prefix no other test uses (dynalite keeps every table of the run in memory).</summary>
    public static string UniquePrefix() => $"t{Guid.NewGuid():N}"[..13] + "-";

    private static async Task<Process> StartAsync(string cli, int port)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { cli, "--host", "127.0.0.1", "--port", port.ToString(), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            // dynalite prints "Dynalite listening at: http://127.0.0.1:PORT" once it accepts connections.
            if (e.Data?.Contains("listening", StringComparison.OrdinalIgnoreCase) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"dynalite exited early: {stderr}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await listening.Task.WaitAsync(StartTimeout);
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            throw;
        }

        return process;
    }

    private void Kill()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _process = null;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hybrid.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Hybrid.sln not found above {AppContext.BaseDirectory}.");
    }
}
