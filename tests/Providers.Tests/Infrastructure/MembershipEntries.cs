using System.Net;
using Orleans;
using Orleans.Runtime;

namespace Hybrid.Providers.Tests.Infrastructure;

/// <summary>Membership rows for tests, with distinct silo addresses and second-resolution UTC times.</summary>
public static class MembershipEntries
{
    private static int _generation = 1000;
    private static int _port = 20000;

    public static SiloAddress NewSiloAddress() =>
        SiloAddress.New(IPAddress.Loopback, Interlocked.Increment(ref _port), Interlocked.Increment(ref _generation));

    public static MembershipEntry New(SiloStatus status = SiloStatus.Joining, int proxyPort = 30000)
    {
        var now = UtcNowSeconds();
        return new MembershipEntry
        {
            SiloAddress = NewSiloAddress(),
            HostName = "host-a",
            SiloName = "silo-a",
            RoleName = "Hybrid.Silo",
            Status = status,
            ProxyPort = proxyPort,
            UpdateZone = 1,
            FaultZone = 2,
            StartTime = now,
            IAmAliveTime = now,
            SuspectTimes = [],
        };
    }

    public static DateTime UtcNowSeconds()
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc);
    }

    public static void AssertSame(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(expected.SiloAddress.Generation, actual.SiloAddress.Generation);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.RoleName, actual.RoleName);
        Assert.Equal(expected.UpdateZone, actual.UpdateZone);
        Assert.Equal(expected.FaultZone, actual.FaultZone);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(DateTimeKind.Utc, actual.StartTime.Kind);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(
            (expected.SuspectTimes ?? []).Select(s => (s.Item1, s.Item2)),
            (actual.SuspectTimes ?? []).Select(s => (s.Item1, s.Item2)));
    }
}
