using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Hybrid.Storage.Hosting;
using Hybrid.Storage.S3;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hybrid.Storage.Tests.Support;

/// <summary>
/// A real s3rver (npm, S3 wire protocol) on a free loopback port with its own temp folder, a bucket
/// made through the SDK, and an <see cref="S3BlobStore"/> on it. Stopped and removed at the end.
/// </summary>
public sealed partial class S3rverFixture : IAsyncLifetime
{
    public const string BucketName = "hybrid-contract";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _data = new("s3rver");
    private Process? _process;

    public IAmazonS3 Client { get; private set; } = null!;

    public S3BlobStore Store { get; private set; } = null!;

    public StorageOptions Options { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var script = Path.Combine(RepositoryPaths.Root, "tests", "node", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"s3rver is not installed ({script} is missing): tests/node/node_modules is set up by scripts/test (npm ci in tests/node); run scripts/test");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--directory", _data.Path, "--address", "127.0.0.1", "--port", "0", "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        // s3rver's ListObjectsV2 continuation tokens use DES, which OpenSSL 3 (Node 17+) only offers
        // through its legacy provider; without it every truncated listing is a 500.
        start.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start node for s3rver");
        var port = await ReadPortAsync(_process);
        Options = new StorageOptions
        {
            Provider = BlobStoreProvider.S3,
            Bucket = BucketName,
            ServiceUrl = $"http://127.0.0.1:{port}",
            Region = "us-east-1",
            MaxObjectBytes = 64L * 1024 * 1024,
        };

        // s3rver's fixed credentials; it does not verify signatures (see the design brief §10).
        var client = (AmazonS3Client)S3ClientFactory.Create(Options, new BasicAWSCredentials("S3RVER", "S3RVER"));
        client.BeforeRequestEvent += UnescapeCopySourceSlashes;
        Client = client;
        await Client.PutBucketAsync(BucketName);
        Store = new S3BlobStore(Client, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<S3BlobStore>.Instance);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _data.Dispose();
    }

    /// <summary>
    /// Test-only shim for an s3rver bug, never used in production: SDK v4 sends
    /// <c>x-amz-copy-source: bucket%2Fkey</c> (valid, S3 decodes it), but s3rver decodes it with
    /// JavaScript's decodeURI, which keeps "%2F", and answers NoSuchBucket. Plain slashes mean the
    /// same to S3 and work on s3rver.
    /// </summary>
    private static void UnescapeCopySourceSlashes(object sender, RequestEventArgs e)
    {
        if (e is WebServiceRequestEventArgs request && request.Headers.TryGetValue("x-amz-copy-source", out var source))
        {
            request.Headers["x-amz-copy-source"] = source.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task<int> ReadPortAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    // Keep draining stdout so s3rver never blocks on a full pipe.
                    _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                    return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"s3rver did not report its port within {StartTimeout.TotalSeconds} s");
        }

        var stderr = errors.IsCompletedSuccessfully ? errors.Result : string.Empty;
        throw new InvalidOperationException($"s3rver exited before listening: {stderr}");
    }

    [GeneratedRegex(@"S3rver listening on [^:]+:(\d+)")]
    private static partial Regex ListeningLine();
}
