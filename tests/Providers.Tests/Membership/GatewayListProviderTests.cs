using System.Net;
using Hybrid.Providers.DynamoDB.Hosting;
using Hybrid.Providers.DynamoDB.Membership;
using Hybrid.Providers.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Hybrid.Providers.Tests.Membership;

/// <summary>The client-side gateway list (modelled on MembershipTable_GetGateways) against dynalite.</summary>
[Collection(DynaliteCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class GatewayListProviderTests(DynaliteFixture dynalite) : IDisposable
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
    public async Task Returns_only_active_silos_with_a_gateway_port_as_gateway_uris_on_that_port()
    {
        var table = await CreateTableAsync();
        var entries = Enumerable.Range(0, 8).Select(i => MembershipEntries.New(proxyPort: 31000 + i)).ToArray();
        entries[1].Status = SiloStatus.Active;
        entries[3].Status = SiloStatus.Active;
        entries[3].ProxyPort = 0; // silo without a gateway
        entries[5].Status = SiloStatus.Active;
        entries[6].Status = SiloStatus.Dead;
        entries[7].Status = SiloStatus.ShuttingDown;
        foreach (var entry in entries)
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        }

        var provider = await CreateProviderAsync();
        var gateways = await provider.GetGatewaysAsync(Ct);

        Assert.Equal(
            new[] { GatewayUri(entries[1]), GatewayUri(entries[5]) }.Order(),
            gateways.Select(g => g.ToString()).Order());
    }

    [Fact]
    public async Task Sees_changes_on_the_next_refresh()
    {
        var table = await CreateTableAsync();
        var entry = MembershipEntries.New(SiloStatus.Joining, proxyPort: 30555);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(Ct)).Version.Next(), Ct));
        var provider = await CreateProviderAsync();
        Assert.Empty(await provider.GetGatewaysAsync(Ct));

        var data = await table.ReadAllAsync(Ct);
        entry.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRowAsync(entry, data.TryGet(entry.SiloAddress)!.Item2, data.Version.Next(), Ct));

        Assert.Equal(GatewayUri(entry), Assert.Single(await provider.GetGatewaysAsync(Ct)).ToString());
    }

    [Fact]
    public async Task Reads_only_its_own_cluster()
    {
        var table = await CreateTableAsync();
        Assert.True(await table.InsertRowAsync(MembershipEntries.New(SiloStatus.Active), (await table.ReadAllAsync(Ct)).Version.Next(), Ct));

        var provider = await CreateProviderAsync(clusterId: _clusterId + "-other");

        Assert.Empty(await provider.GetGatewaysAsync(Ct));
    }

    [Fact]
    public async Task Missing_table_means_no_gateways_yet_not_an_error()
    {
        var provider = await CreateProviderAsync();

        Assert.Empty(await provider.GetGatewaysAsync(Ct));
    }

    [Fact]
    public async Task Refresh_period_comes_from_GatewayOptions_and_the_list_is_updatable()
    {
        var provider = await CreateProviderAsync(configureServices: s => s.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(7)));

        Assert.IsType<DynamoDBGatewayListProvider>(provider);
        Assert.Equal(TimeSpan.FromSeconds(7), provider.MaxStaleness);
#pragma warning disable CS0618 // Obsolete in Orleans 10 but still part of the interface: we say "updatable".
        Assert.True(provider.IsUpdatable);
#pragma warning restore CS0618
    }

    [Fact]
    public async Task Unreachable_DynamoDB_throws_on_start_and_on_refresh()
    {
        var provider = CreateProvider(o => o.ServiceUrl = "http://127.0.0.1:1");

        await Assert.ThrowsAnyAsync<Exception>(() => provider.InitializeGatewayListProviderAsync(Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => provider.GetGatewaysAsync(Ct));
    }

    private async Task<IMembershipTable> CreateTableAsync()
    {
        var host = TestHost.Silo(ServiceId, _clusterId, silo => silo.UseDynamoDBClustering(o =>
        {
            o.ServiceUrl = dynalite.ServiceUrl;
            o.TablePrefix = _prefix;
        }));
        _hosts.Add(host);
        var table = host.Services.GetRequiredService<IMembershipTable>();
        await table.InitializeMembershipTableAsync(true, Ct);
        return table;
    }

    private async Task<IGatewayListProvider> CreateProviderAsync(string? clusterId = null, Action<IServiceCollection>? configureServices = null)
    {
        var provider = CreateProvider(o => o.ServiceUrl = dynalite.ServiceUrl, clusterId, configureServices);
        await provider.InitializeGatewayListProviderAsync(Ct);
        return provider;
    }

    private IGatewayListProvider CreateProvider(Action<DynamoDBGatewayOptions> configure, string? clusterId = null, Action<IServiceCollection>? configureServices = null)
    {
        var host = TestHost.Client(ServiceId, clusterId ?? _clusterId, client => client.UseDynamoDBClustering(o =>
        {
            o.TablePrefix = _prefix;
            configure(o);
        }), configureServices);
        _hosts.Add(host);
        host.ValidateProviderOptions();
        return host.Services.GetRequiredService<IGatewayListProvider>();
    }

    private static string GatewayUri(MembershipEntry entry) =>
        SiloAddress.New(new IPEndPoint(entry.SiloAddress.Endpoint.Address, entry.ProxyPort), entry.SiloAddress.Generation).ToGatewayUri().ToString();
}
