using Microsoft.Extensions.Hosting;

namespace Hybrid.RivaLocal.Hosting;

/// <summary>
/// Replaces the console lifetime: the embedding process owns Ctrl+C/SIGTERM, and this host stops only
/// when <see cref="RivaLocalHost"/> is disposed.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
