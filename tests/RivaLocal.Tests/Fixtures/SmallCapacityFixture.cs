using Hybrid.RivaLocal.Hosting;

namespace Hybrid.RivaLocal.Tests.Fixtures;

/// <summary>A server with only two stream slots, for capacity tests.</summary>
public sealed class SmallCapacityFixture : RivaLocalFixture
{
    public const int StreamSlots = 2;

    protected override void Configure(RivaLocalOptions options)
    {
        options.Capacity = StreamSlots;
        options.MaxOfflineConcurrency = 1;
    }
}
