using Amazon.DynamoDBv2.Model;
using Hybrid.Providers.DynamoDB.Hosting;
using Hybrid.Providers.DynamoDB.Membership;
using Hybrid.Providers.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Hybrid.Providers.Tests.Membership;

/// <summary>
/// The <see cref="IMembershipTable"/> contract (modelled on Orleans' MembershipTableTestsBase) against dynalite.
/// Every test has its own table prefix and cluster id.
/// </summary>
[Collection(DynaliteCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class MembershipTableTests(DynaliteFixture dynalite) : IDisposable
{
    private const string ServiceId = "hybrid-tests";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _prefix = DynaliteFixture.UniquePrefix();
    private readonly string _clusterId = "cluster-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<TestHost> _hosts = [];

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
    }

    [Fact]
    public async Task ReadAll_on_an_empty_table_returns_version_zero()
    {
        var table = await CreateTableAsync();

        var data = await table.ReadAllAsync(Ct);

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.NotNull(data.Version.VersionEtag);
    }

    [Fact]
    public async Task Resolved_through_the_silo_builder_as_the_membership_table()
    {
        var table = await CreateTableAsync();

        Assert.IsType<DynamoDBMembershipTable>(table);
        var description = await dynalite.Client.DescribeTableAsync(_prefix + "membership");
        Assert.Equal("ClusterKey", Assert.Single(description.Table.KeySchema).AttributeName);
    }

    [Fact]
    public async Task InsertRow_then_ReadRow_and_ReadAll_return_the_entry_and_the_new_version()
    {
        var table = await CreateTableAsync();
        var empty = await table.ReadAllAsync(Ct);
        var entry = MembershipEntries.New();
        var next = empty.Version.Next();

        Assert.True(await table.InsertRowAsync(entry, next, Ct));

        var all = await table.ReadAllAsync(Ct);
        Assert.Equal(1, all.Version.Version);
        Assert.NotEqual(next.VersionEtag, all.Version.VersionEtag);
        var (stored, etag) = Assert.Single(all.Members);
        MembershipEntries.AssertSame(entry, stored);
        Assert.NotNull(etag);

        var row = await table.ReadRowAsync(entry.SiloAddress, Ct);
        Assert.Equal(all.Version, row.Version);
        Assert.Equal(all.Version.VersionEtag, row.Version.VersionEtag);
        Assert.Equal(etag, Assert.Single(row.Members).Item2);
    }

    [Fact]
    public async Task ReadRow_of_an_unknown_silo_returns_no_member_but_the_version()
    {
        var table = await CreateTableAsync();
        Assert.True(await table.InsertRowAsync(MembershipEntries.New(), (await table.ReadAllAsync(Ct)).Version.Next(), Ct));

        var row = await table.ReadRowAsync(MembershipEntries.NewSiloAddress(), Ct);

        Assert.Empty(row.Members);
        Assert.Equal(1, row.Version.Version);
    }

    [Fact]
    public async Task InsertRow_of_an_existing_silo_returns_false_even_with_the_current_version()
    {
        var table = await CreateTableAsync();
        var entry = MembershipEntries.New();
        var first = (await table.ReadAllAsync(Ct)).Version.Next();
        Assert.True(await table.InsertRowAsync(entry, first, Ct));

        Assert.False(await table.InsertRowAsync(entry, first, Ct), "same entry, old table version");
        var current = await table.ReadAllAsync(Ct);
        Assert.False(await table.InsertRowAsync(entry, current.Version.Next(), Ct), "duplicate entry, current version");

        var after = await table.ReadAllAsync(Ct);
        Assert.Single(after.Members);
        Assert.Equal(current.Version, after.Version);
        Assert.Equal(current.Version.VersionEtag, after.Version.VersionEtag);
    }

    [Fact]
    public async Task InsertRow_with_a_stale_version_etag_returns_false_and_changes_nothing()
    {
        var table = await CreateTableAsync();
        var stale = (await table.ReadAllAsync(Ct)).Version.Next();
        Assert.True(await table.InsertRowAsync(MembershipEntries.New(), stale, Ct));

        Assert.False(await table.InsertRowAsync(MembershipEntries.New(), stale, Ct));

        var data = await table.ReadAllAsync(Ct);
        Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task InsertRow_with_an_etag_this_provider_never_issued_returns_false()
    {
        var table = await CreateTableAsync();

        Assert.False(await table.InsertRowAsync(MembershipEntries.New(), new TableVersion(1, "not-a-number"), Ct));
        Assert.Empty((await table.ReadAllAsync(Ct)).Members);
    }

    [Fact]
    public async Task UpdateRow_follows_the_row_and_version_etags()
    {
        // Modelled on MembershipTable_UpdateRow: several silos, each updated with stale and current etags.
        var table = await CreateTableAsync();
        var data = await table.ReadAllAsync(Ct);
        for (var i = 1; i <= 4; i++)
        {
            var entry = MembershipEntries.New();
            entry.SuspectTimes =
            [
                Tuple.Create(MembershipEntries.NewSiloAddress(), MembershipEntries.UtcNowSeconds().AddSeconds(1)),
                Tuple.Create(MembershipEntries.NewSiloAddress(), MembershipEntries.UtcNowSeconds().AddSeconds(2)),
            ];
            var inserted = data.Version.Next();
            Assert.True(await table.InsertRowAsync(entry, inserted, Ct));
            data = await table.ReadAllAsync(Ct);
            var etagBefore = data.TryGet(entry.SiloAddress)!.Item2;

            Assert.False(await table.UpdateRowAsync(entry, etagBefore, inserted, Ct), "stale table version");

            entry.Status = SiloStatus.Active;
            var updated = data.Version.Next();
            Assert.True(await table.UpdateRowAsync(entry, etagBefore, updated, Ct));

            Assert.False(await table.UpdateRowAsync(entry, etagBefore, updated, Ct), "stale row etag and version");

            data = await table.ReadAllAsync(Ct);
            var (stored, etagAfter) = data.TryGet(entry.SiloAddress)!;
            MembershipEntries.AssertSame(entry, stored);
            Assert.NotEqual(etagBefore, etagAfter);
            Assert.Equal(updated.Version, data.Version.Version);

            Assert.False(await table.UpdateRowAsync(entry, etagAfter, updated, Ct), "current row etag, stale version");

            data = await table.ReadAllAsync(Ct);
            Assert.Equal(etagAfter, data.TryGet(entry.SiloAddress)!.Item2);
            Assert.Equal(updated.Version, data.Version.Version);
            Assert.Equal(i, data.Members.Count);
        }
    }

    [Fact]
    public async Task UpdateRow_with_a_stale_row_etag_returns_false_even_with_the_current_version()
    {
        var table = await CreateTableAsync();
        var entry = MembershipEntries.New();
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var data = await table.ReadAllAsync(Ct);
        var staleEtag = data.TryGet(entry.SiloAddress)!.Item2;
        Assert.True(await table.UpdateRowAsync(entry, staleEtag, data.Version.Next(), Ct));
        data = await table.ReadAllAsync(Ct);

        entry.Status = SiloStatus.Dead;
        Assert.False(await table.UpdateRowAsync(entry, staleEtag, data.Version.Next(), Ct));

        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(SiloStatus.Joining, after.TryGet(entry.SiloAddress)!.Item1.Status);
        Assert.Equal(data.Version.VersionEtag, after.Version.VersionEtag);
    }

    [Fact]
    public async Task UpdateRow_with_a_stale_version_etag_returns_false_even_with_the_current_row_etag()
    {
        var table = await CreateTableAsync();
        var entry = MembershipEntries.New();
        var other = MembershipEntries.New();
        var stale = (await table.ReadAllAsync(Ct)).Version.Next();
        Assert.True(await table.InsertRowAsync(entry, stale, Ct));
        var data = await table.ReadAllAsync(Ct);
        Assert.True(await table.InsertRowAsync(other, data.Version.Next(), Ct));
        var rowEtag = data.TryGet(entry.SiloAddress)!.Item2;

        entry.Status = SiloStatus.Active;
        Assert.False(await table.UpdateRowAsync(entry, rowEtag, data.Version.Next(), Ct));

        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(SiloStatus.Joining, after.TryGet(entry.SiloAddress)!.Item1.Status);
        Assert.Equal(rowEtag, after.TryGet(entry.SiloAddress)!.Item2);
        Assert.Equal(2, after.Version.Version);
    }

    [Fact]
    public async Task UpdateRow_of_a_missing_silo_returns_false()
    {
        var table = await CreateTableAsync();
        var data = await table.ReadAllAsync(Ct);

        Assert.False(await table.UpdateRowAsync(MembershipEntries.New(), "0", data.Version.Next(), Ct));
        Assert.Empty((await table.ReadAllAsync(Ct)).Members);
    }

    [Fact]
    public async Task Concurrent_inserts_of_one_silo_with_one_version_have_exactly_one_winner()
    {
        var table = await CreateTableAsync();
        var entry = MembershipEntries.New();
        var next = (await table.ReadAllAsync(Ct)).Version.Next();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => table.InsertRowAsync(entry, next, Ct)));

        Assert.Single(results, r => r);
        Assert.Single((await table.ReadAllAsync(Ct)).Members);
    }

    [Fact]
    public async Task Concurrent_updates_with_the_same_etags_have_exactly_one_winner()
    {
        var table = await CreateTableAsync();
        var entry = MembershipEntries.New();
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var data = await table.ReadAllAsync(Ct);
        var (row, etag) = data.TryGet(entry.SiloAddress)!;

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
        {
            var update = Copy(row);
            update.HostName = $"writer-{i}";
            return table.UpdateRowAsync(update, etag, data.Version.Next(), Ct);
        }));

        Assert.Single(results, r => r);
        var winner = Array.IndexOf(results, true);
        var after = await table.ReadAllAsync(Ct);
        Assert.Equal($"writer-{winner}", after.TryGet(entry.SiloAddress)!.Item1.HostName);
        Assert.Equal(2, after.Version.Version);
    }

    [Fact]
    public async Task Contended_read_update_loops_all_commit_and_the_version_counts_every_update()
    {
        // Modelled on MembershipTable_UpdateRowInParallel: losers re-read and retry until they win.
        var table = await CreateTableAsync();
        var entry = MembershipEntries.New();
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        const int writers = 8;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var data = await table.ReadAllAsync(Ct);
                var (row, etag) = data.TryGet(entry.SiloAddress)!;
                if (await table.UpdateRowAsync(row, etag, data.Version.Next(), Ct))
                {
                    return;
                }
            }

            Assert.Fail("an updater never won in 200 attempts");
        })).WaitAsync(TimeSpan.FromSeconds(30));

        var final = await table.ReadAllAsync(Ct);
        Assert.Equal(writers + 1, final.Version.Version);
        Assert.Single(final.Members);
    }

    [Fact]
    public async Task UpdateIAmAlive_changes_only_IAmAliveTime_and_keeps_every_etag_usable()
    {
        var table = await CreateTableAsync();
        var entry = MembershipEntries.New();
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var before = await table.ReadAllAsync(Ct);
        var etagBefore = before.TryGet(entry.SiloAddress)!.Item2;
        var alive = MembershipEntries.UtcNowSeconds().AddSeconds(5);

        // Orleans sends a sparse entry: only the address and the new time.
        await table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive }, Ct);

        var after = await table.ReadAllAsync(Ct);
        var (stored, etagAfter) = after.TryGet(entry.SiloAddress)!;
        Assert.Equal(alive, stored.IAmAliveTime);
        entry.IAmAliveTime = alive;
        MembershipEntries.AssertSame(entry, stored);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Version.VersionEtag, after.Version.VersionEtag);
        Assert.Equal(etagBefore, etagAfter);

        // Heartbeats are neutral: etags read before one still update the row.
        entry.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRowAsync(entry, etagBefore, before.Version.Next(), Ct));
    }

    [Fact]
    public async Task Concurrent_heartbeats_and_an_update_all_land()
    {
        var table = await CreateTableAsync();
        var silos = Enumerable.Range(0, 5).Select(_ => MembershipEntries.New()).ToList();
        foreach (var silo in silos)
        {
            Assert.True(await table.InsertRowAsync(silo, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        }

        var data = await table.ReadAllAsync(Ct);
        var alive = MembershipEntries.UtcNowSeconds().AddMinutes(1);
        var target = silos[0];
        target.Status = SiloStatus.Active;

        var heartbeats = silos.Skip(1).Select(s => table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = s.SiloAddress, IAmAliveTime = alive }, Ct));
        var update = table.UpdateRowAsync(target, data.TryGet(target.SiloAddress)!.Item2, data.Version.Next(), Ct);
        await Task.WhenAll(heartbeats);

        Assert.True(await update);
        var after = await table.ReadAllAsync(Ct);
        Assert.All(silos.Skip(1), s => Assert.Equal(alive, after.TryGet(s.SiloAddress)!.Item1.IAmAliveTime));
        Assert.Equal(SiloStatus.Active, after.TryGet(target.SiloAddress)!.Item1.Status);
    }

    [Fact]
    public async Task UpdateIAmAlive_of_a_missing_silo_throws_instead_of_pretending()
    {
        var table = await CreateTableAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = MembershipEntries.NewSiloAddress(), IAmAliveTime = DateTime.UtcNow }, Ct));
        Assert.Contains("no row", error.Message);
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_removes_only_old_rows_that_are_not_active()
    {
        var table = await CreateTableAsync();
        var old = TimeSpan.FromDays(10);
        var oldDead = Aged(MembershipEntries.New(SiloStatus.Dead), old);
        var oldActive = Aged(MembershipEntries.New(SiloStatus.Active), old);
        var recentJoining = MembershipEntries.New(SiloStatus.Joining);
        var recentDead = MembershipEntries.New(SiloStatus.Dead);
        // Started and last alive long ago, but declared dead (suspected) just now: recent, so kept.
        var freshlyDeclaredDead = Aged(MembershipEntries.New(SiloStatus.Dead), old);
        freshlyDeclaredDead.SuspectTimes = [Tuple.Create(MembershipEntries.NewSiloAddress(), MembershipEntries.UtcNowSeconds())];
        var oldOthers = Enum.GetValues<SiloStatus>()
            .Where(s => s != SiloStatus.Active)
            .Select(s => Aged(MembershipEntries.New(s), old))
            .ToList();

        foreach (var entry in new[] { oldDead, oldActive, recentJoining, recentDead, freshlyDeclaredDead }.Concat(oldOthers))
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        }

        var before = await table.ReadAllAsync(Ct);

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddDays(-3), Ct);

        var after = await table.ReadAllAsync(Ct);
        Assert.Equal(
            new[] { oldActive, recentJoining, recentDead, freshlyDeclaredDead }.Select(e => e.SiloAddress).OrderBy(a => a),
            after.Members.Select(m => m.Item1.SiloAddress).OrderBy(a => a));
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_with_nothing_to_remove_or_no_cluster_item_is_a_no_op()
    {
        var table = await CreateTableAsync(init: false);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: false, Ct);
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow, Ct);

        Assert.True(await table.InsertRowAsync(MembershipEntries.New(SiloStatus.Active), (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddDays(1), Ct);
        Assert.Single((await table.ReadAllAsync(Ct)).Members);
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_removes_one_cluster_and_leaves_others()
    {
        var otherCluster = _clusterId + "-other";
        var table = await CreateTableAsync();
        var other = await CreateTableAsync(otherCluster);
        Assert.True(await table.InsertRowAsync(MembershipEntries.New(), (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        Assert.True(await other.InsertRowAsync(MembershipEntries.New(), (await other.ReadAllAsync(Ct)).Version.Next(), Ct));

        await table.DeleteMembershipTableEntriesAsync(_clusterId, Ct);

        var gone = await table.ReadAllAsync(Ct);
        Assert.Empty(gone.Members);
        Assert.Equal(0, gone.Version.Version);
        Assert.Single((await other.ReadAllAsync(Ct)).Members);

        // A deleted cluster starts again from version 0.
        Assert.True(await table.InsertRowAsync(MembershipEntries.New(), gone.Version.Next(), Ct));
        Assert.Equal(1, (await table.ReadAllAsync(Ct)).Version.Version);
    }

    [Fact]
    public async Task Clusters_and_services_sharing_a_table_do_not_see_each_other()
    {
        var a = await CreateTableAsync();
        var b = await CreateTableAsync(_clusterId + "-b");
        var entry = MembershipEntries.New();

        Assert.True(await a.InsertRowAsync(entry, (await a.ReadAllAsync(Ct)).Version.Next(), Ct));

        Assert.Empty((await b.ReadAllAsync(Ct)).Members);
        Assert.Equal(0, (await b.ReadAllAsync(Ct)).Version.Version);
        Assert.Empty((await b.ReadRowAsync(entry.SiloAddress, Ct)).Members);
    }

    [Fact]
    public async Task RoleName_SiloName_HostName_zones_and_suspicions_round_trip()
    {
        var table = await CreateTableAsync();
        var entry = MembershipEntries.New(SiloStatus.ShuttingDown, proxyPort: 31234);
        entry.RoleName = "Hybrid.Grains.SessionGrain/gpu";
        entry.SiloName = "silo-pod-7f9c";
        entry.HostName = "ip-10-0-3-17.eu-west-1.compute.internal";
        entry.UpdateZone = 7;
        entry.FaultZone = 3;
        entry.StartTime = new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc).AddTicks(9);
        entry.SuspectTimes = [Tuple.Create(MembershipEntries.NewSiloAddress(), new DateTime(2026, 1, 2, 3, 5, 0, DateTimeKind.Utc))];

        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));

        MembershipEntries.AssertSame(entry, Assert.Single((await table.ReadRowAsync(entry.SiloAddress, Ct)).Members).Item1);
    }

    [Fact]
    public async Task Null_names_round_trip_as_null()
    {
        var table = await CreateTableAsync();
        var entry = MembershipEntries.New();
        entry.RoleName = null!;
        entry.SiloName = null!;
        entry.HostName = null!;

        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));

        MembershipEntries.AssertSame(entry, Assert.Single((await table.ReadAllAsync(Ct)).Members).Item1);
    }

    [Fact]
    public async Task One_hundred_silos_fit_in_one_item_and_read_back_atomically()
    {
        var table = await CreateTableAsync();
        var version = (await table.ReadAllAsync(Ct)).Version;
        var entries = Enumerable.Range(0, 100).Select(_ => MembershipEntries.New(SiloStatus.Active)).ToList();
        foreach (var entry in entries)
        {
            Assert.True(await table.InsertRowAsync(entry, version.Next(), Ct));
            version = (await table.ReadRowAsync(entry.SiloAddress, Ct)).Version;
        }

        var all = await table.ReadAllAsync(Ct);

        Assert.Equal(100, all.Members.Count);
        Assert.Equal(100, all.Version.Version);
        var item = (await dynalite.Client.GetItemAsync(_prefix + "membership", new() { ["ClusterKey"] = new AttributeValue($"{ServiceId}/{_clusterId}") })).Item;
        var bytes = Hybrid.Providers.DynamoDB.Shared.DynamoDBItemSize.Of(item);
        Assert.InRange(bytes, 100 * 150, 100 * 400);
    }

    [Fact]
    public async Task InitializeMembershipTable_is_idempotent_and_safe_to_race()
    {
        var tables = new List<IMembershipTable>();
        for (var i = 0; i < 3; i++)
        {
            tables.Add(await CreateTableAsync(init: false));
        }

        await Task.WhenAll(tables.Select(t => t.InitializeMembershipTableAsync(true, Ct)));
        await tables[0].InitializeMembershipTableAsync(true, Ct);

        Assert.True(await tables[1].InsertRowAsync(MembershipEntries.New(), (await tables[2].ReadAllAsync(Ct)).Version.Next(), Ct));
        await tables[0].InitializeMembershipTableAsync(true, Ct);
        Assert.Single((await tables[2].ReadAllAsync(Ct)).Members);
    }

    [Fact]
    public async Task A_missing_table_with_CreateIfNotExists_false_fails_initialisation_clearly()
    {
        var table = await CreateTableAsync(configure: o => o.CreateIfNotExists = false, init: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => table.InitializeMembershipTableAsync(true, Ct));
        Assert.Contains("CreateIfNotExists", error.Message);
    }

    [Fact]
    public async Task An_unreachable_DynamoDB_throws_rather_than_reporting_success_or_an_empty_table()
    {
        var table = await CreateTableAsync();
        var entry = MembershipEntries.New();
        var host = TestHost.Silo(ServiceId, _clusterId, silo => silo.UseDynamoDBClustering(o =>
        {
            o.ServiceUrl = "http://127.0.0.1:1";
            o.TablePrefix = _prefix;
        }));
        _hosts.Add(host);
        var unreachable = host.Services.GetRequiredService<IMembershipTable>();

        await Assert.ThrowsAnyAsync<Exception>(() => unreachable.ReadAllAsync(Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => unreachable.InsertRowAsync(entry, new TableVersion(1, "0"), Ct));
        Assert.Empty((await table.ReadAllAsync(Ct)).Members);
    }

    [Fact]
    public void Invalid_options_fail_start_up_validation()
    {
        var host = TestHost.Silo(ServiceId, _clusterId, silo => silo.UseDynamoDBClustering(o =>
        {
            o.TablePrefix = "";
            o.TableName = "m";
            o.ServiceUrl = "ftp://nowhere";
        }));
        _hosts.Add(host);

        var error = Assert.Throws<OrleansConfigurationException>(host.ValidateProviderOptions);
        Assert.Contains("ServiceUrl", error.Message);
        Assert.Contains("3-255", error.Message);
    }

    private async Task<IMembershipTable> CreateTableAsync(string? clusterId = null, Action<DynamoDBClusteringOptions>? configure = null, bool init = true)
    {
        var host = TestHost.Silo(ServiceId, clusterId ?? _clusterId, silo => silo.UseDynamoDBClustering(o =>
        {
            o.ServiceUrl = dynalite.ServiceUrl;
            o.TablePrefix = _prefix;
            configure?.Invoke(o);
        }));
        _hosts.Add(host);
        host.ValidateProviderOptions();
        var table = host.Services.GetRequiredService<IMembershipTable>();
        if (init)
        {
            await table.InitializeMembershipTableAsync(true, Ct);
        }

        return table;
    }

    private static MembershipEntry Aged(MembershipEntry entry, TimeSpan age)
    {
        entry.StartTime -= age;
        entry.IAmAliveTime -= age;
        return entry;
    }

    private static MembershipEntry Copy(MembershipEntry e) => new()
    {
        SiloAddress = e.SiloAddress,
        Status = e.Status,
        ProxyPort = e.ProxyPort,
        HostName = e.HostName,
        SiloName = e.SiloName,
        RoleName = e.RoleName,
        UpdateZone = e.UpdateZone,
        FaultZone = e.FaultZone,
        StartTime = e.StartTime,
        IAmAliveTime = e.IAmAliveTime,
        SuspectTimes = [.. e.SuspectTimes ?? []],
    };
}
