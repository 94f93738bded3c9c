using Orleans;
using Orleans.Runtime;

namespace Hybrid.Providers.Tests.Infrastructure;

/// <summary>A silo lifecycle that records subscriptions and starts them in stage order on request.</summary>
public sealed class RecordingSiloLifecycle : ISiloLifecycle
{
    private readonly List<(string Name, int Stage, ILifecycleObserver Observer)> _subscriptions = [];

    public IReadOnlyList<(string Name, int Stage, ILifecycleObserver Observer)> Subscriptions => _subscriptions;

    public int HighestCompletedStage { get; private set; } = int.MinValue;

    public int LowestStoppedStage { get; private set; } = int.MaxValue;

    public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
    {
        _subscriptions.Add((observerName, stage, observer));
        return new Unsubscriber();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, stage, observer) in _subscriptions.OrderBy(s => s.Stage))
        {
            await observer.OnStart(cancellationToken);
            HighestCompletedStage = stage;
        }
    }

    private sealed class Unsubscriber : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
