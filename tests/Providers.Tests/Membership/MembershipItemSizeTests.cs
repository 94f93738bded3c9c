using System.Net;
using Hybrid.Providers.DynamoDB.Membership;
using Hybrid.Providers.DynamoDB.Shared;
using Orleans;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Hybrid.Providers.Tests.Membership;

/// <summary>
/// The size budget of the one-item membership layout (DynamoDB items are limited to 400 KB), computed with the
/// same rules DynamoDB uses. The numbers are quoted in the provider's documentation.
/// </summary>
[Trait("Category", "Distributed")]
public sealed class MembershipItemSizeTests(ITestOutputHelper output)
{
    [Fact]
    public void A_typical_row_is_under_300_bytes_so_a_thousand_silos_fit_below_the_warning_level()
    {
        var row = RowSize(Entry(hostName: "ip-10-0-3-17.ec2.internal", siloName: "hybrid-silo-7f9c8d6b5-x2k4q", roleName: "Hybrid.Silo", suspects: 0));
        output.WriteLine($"typical row: {row} bytes");

        Assert.InRange(row, 200, 300);
        Assert.True(ItemSize(1000, row) < 300 * 1024);
    }

    [Fact]
    public void A_worst_case_row_with_63_character_names_and_three_votes_still_leaves_room_for_600_silos()
    {
        var name = new string('n', 63);
        var row = RowSize(Entry(hostName: name, siloName: name, roleName: name, suspects: 3));
        output.WriteLine($"worst-case row: {row} bytes");

        Assert.InRange(row, 500, 660);
        Assert.True(ItemSize(600, row) < DynamoDBItemSize.MaxItemBytes);
    }

    private static int ItemSize(int silos, int rowSize) =>
        DynamoDBItemSize.Of(MembershipItem.NewClusterItem("hybrid-service/hybrid-cluster-2026")) + silos * rowSize;

    /// <summary>One map element of <c>Silos</c>: 1 byte, the key, and the row map.</summary>
    private static int RowSize(MembershipEntry entry) =>
        1 + MembershipItem.SiloKey(entry.SiloAddress).Length + DynamoDBItemSize.Of(MembershipItem.EncodeRow(entry, etag: 123456));

    private static MembershipEntry Entry(string hostName, string siloName, string roleName, int suspects)
    {
        var now = DateTime.UtcNow;
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(IPAddress.Parse("10.123.145.201"), 11111, 123456789),
            HostName = hostName,
            SiloName = siloName,
            RoleName = roleName,
            Status = SiloStatus.ShuttingDown,
            ProxyPort = 30000,
            UpdateZone = 1,
            FaultZone = 2,
            StartTime = now,
            IAmAliveTime = now,
            SuspectTimes = Enumerable.Range(0, suspects)
                .Select(i => Tuple.Create(SiloAddress.New(IPAddress.Parse("10.123.145.202"), 11111, 123456789 + i), now))
                .ToList(),
        };
    }
}
