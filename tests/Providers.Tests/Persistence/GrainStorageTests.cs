using Amazon.DynamoDBv2.Model;
using Hybrid.Providers.DynamoDB.Hosting;
using Hybrid.Providers.DynamoDB.Persistence;
using Hybrid.Providers.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Hybrid.Providers.Tests.Persistence;

/// <summary>
/// The <see cref="IGrainStorage"/> contract (modelled on Orleans' GrainStorageTestRunner) against dynalite.
/// Every test has its own table prefix; providers are built through <c>AddDynamoDBGrainStorage</c>.
/// </summary>
[Collection(DynaliteCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class GrainStorageTests(DynaliteFixture dynalite) : IDisposable
{
    private const string ServiceId = "hybrid-tests";
    private const string StorageName = "sessions";
    private const string StateName = "session";
    private readonly string _prefix = DynaliteFixture.UniquePrefix();
    private readonly List<TestHost> _hosts = [];

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
    }

    private string Table => _prefix + DynamoDBGrainStorageOptions.DefaultTableName;

    [Fact]
    public async Task Reading_a_state_never_written_gives_a_new_instance_without_record_or_etag()
    {
        var storage = await CreateStorageAsync();
        var state = new GrainState<TestState>();

        await storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.NotNull(state.State);
        Assert.Equal("", state.State!.Text);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Write_then_read_round_trips_state_etag_and_record_flag()
    {
        var storage = await CreateStorageAsync();
        var grain = NewGrainId();
        var written = new GrainState<TestState>(Sample("hello"));

        await storage.WriteStateAsync(StateName, grain, written);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        var read = new GrainState<TestState>();
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("hello", read.State!.Text);
        Assert.Equal([1, 2, 3], read.State!.Chunks);
        Assert.Equal("en-US", read.State!.Tags["language"]);

        var previous = written.ETag;
        written.State!.Text = "again";
        await storage.WriteStateAsync(StateName, grain, written);
        Assert.NotEqual(previous, written.ETag);
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal("again", read.State!.Text);
    }

    [Fact]
    public async Task Stored_item_has_the_documented_layout()
    {
        var storage = await CreateStorageAsync();
        var grain = NewGrainId();
        var state = new GrainState<TestState>(Sample("layout"));

        await storage.WriteStateAsync(StateName, grain, state);

        var item = await RawItemAsync(grain, StateName);
        Assert.NotNull(item);
        Assert.Equal($"{ServiceId}/{grain}", item["PartitionKey"].S);
        Assert.Equal(StateName, item["StateName"].S);
        Assert.Equal(state.ETag, item["ETag"].N);
        Assert.NotNull(item["State"].B);
        Assert.False(item.ContainsKey("ExpiresAt"));
        // The silo's default storage serializer (Newtonsoft JSON) produced the bytes.
        Assert.StartsWith("{", System.Text.Encoding.UTF8.GetString(item["State"].B.ToArray()));
    }

    [Fact]
    public async Task Writing_with_a_stale_etag_throws_InconsistentStateException_with_both_etags()
    {
        var storage = await CreateStorageAsync();
        var grain = NewGrainId();
        var first = new GrainState<TestState>(Sample("v1"));
        await storage.WriteStateAsync(StateName, grain, first);
        var stale = new GrainState<TestState>(Sample("stale"), first.ETag);
        await storage.WriteStateAsync(StateName, grain, first);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));

        Assert.Equal(first.ETag, error.StoredEtag);
        Assert.Equal(stale.ETag, error.CurrentEtag);
        var read = new GrainState<TestState>();
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal("v1", read.State!.Text);
    }

    [Fact]
    public async Task A_first_write_over_an_existing_record_throws_InconsistentStateException()
    {
        // GrainStorageTestRunner's WriteDuplicateFails: two writers both believe nothing is stored.
        var storage = await CreateStorageAsync();
        var grain = NewGrainId();
        await storage.WriteStateAsync(StateName, grain, new GrainState<TestState>(Sample("first")));

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync(StateName, grain, new GrainState<TestState>(Sample("second"))));
        Assert.NotEqual("none", error.StoredEtag);
    }

    [Fact]
    public async Task Concurrent_first_writes_have_exactly_one_winner()
    {
        var storage = await CreateStorageAsync();
        var grain = NewGrainId();
        var writers = Enumerable.Range(0, 8).Select(i => new GrainState<TestState>(Sample($"writer-{i}"))).ToList();

        var outcomes = await Task.WhenAll(writers.Select(w => Outcome(storage.WriteStateAsync(StateName, grain, w))));

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.Where(o => o is not null), o => Assert.IsType<InconsistentStateException>(o));
        var winner = writers[Array.IndexOf(outcomes, null)];
        var read = new GrainState<TestState>();
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(winner.State!.Text, read.State!.Text);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task Concurrent_writes_with_the_same_etag_have_exactly_one_winner()
    {
        var storage = await CreateStorageAsync();
        var grain = NewGrainId();
        var initial = new GrainState<TestState>(Sample("initial"));
        await storage.WriteStateAsync(StateName, grain, initial);
        var writers = Enumerable.Range(0, 8).Select(i => new GrainState<TestState>(Sample($"writer-{i}"), initial.ETag)).ToList();

        var outcomes = await Task.WhenAll(writers.Select(w => Outcome(storage.WriteStateAsync(StateName, grain, w))));

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.Where(o => o is not null), o => Assert.IsType<InconsistentStateException>(o));
        var read = new GrainState<TestState>();
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(writers[Array.IndexOf(outcomes, null)].State!.Text, read.State!.Text);
    }

    [Fact]
    public async Task Clear_deletes_the_item_by_default_and_a_later_write_starts_a_new_record()
    {
        var storage = await CreateStorageAsync();
        var grain = NewGrainId();
        var state = new GrainState<TestState>(Sample("to clear"));
        await storage.WriteStateAsync(StateName, grain, state);
        var oldEtag = state.ETag;

        await storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal("", state.State!.Text);
        Assert.Null(await RawItemAsync(grain, StateName));
        var read = new GrainState<TestState>();
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);

        await storage.WriteStateAsync(StateName, grain, state);
        Assert.True(state.RecordExists);
        // An etag held from before the delete must not match the re-created item.
        var holder = new GrainState<TestState>(Sample("ghost"), oldEtag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, holder));
    }

    [Fact]
    public async Task Clear_without_delete_keeps_an_empty_item_with_a_new_etag()
    {
        var storage = await CreateStorageAsync(o => o.DeleteStateOnClear = false);
        var grain = NewGrainId();
        var state = new GrainState<TestState>(Sample("to clear"));
        await storage.WriteStateAsync(StateName, grain, state);
        var written = state.ETag;

        await storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        Assert.NotNull(state.ETag);
        Assert.NotEqual(written, state.ETag);
        var item = await RawItemAsync(grain, StateName);
        Assert.NotNull(item);
        Assert.False(item.ContainsKey("State"));
        Assert.Equal(state.ETag, item["ETag"].N);

        var read = new GrainState<TestState>();
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal("", read.State!.Text);

        read.State!.Text = "after clear";
        await storage.WriteStateAsync(StateName, grain, read);
        await storage.ReadStateAsync(StateName, grain, state);
        Assert.True(state.RecordExists);
        Assert.Equal("after clear", state.State!.Text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Clear_with_a_stale_etag_throws_and_keeps_the_state(bool deleteStateOnClear)
    {
        var storage = await CreateStorageAsync(o => o.DeleteStateOnClear = deleteStateOnClear);
        var grain = NewGrainId();
        var state = new GrainState<TestState>(Sample("v1"));
        await storage.WriteStateAsync(StateName, grain, state);
        var stale = new GrainState<TestState>(Sample("stale"), state.ETag);
        await storage.WriteStateAsync(StateName, grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grain, stale));

        var read = new GrainState<TestState>();
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal("v1", read.State!.Text);
    }

    [Fact]
    public async Task Time_to_live_stamps_ExpiresAt_and_every_write_pushes_it_forward()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var ttl = TimeSpan.FromDays(7);
        var storage = await CreateStorageAsync(o => o.TimeToLive = ttl, services: s => s.AddSingleton<TimeProvider>(clock));
        var grain = NewGrainId();
        var state = new GrainState<TestState>(Sample("ttl"));

        await storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal((clock.GetUtcNow() + ttl).ToUnixTimeSeconds().ToString(), (await RawItemAsync(grain, StateName))!["ExpiresAt"].N);

        clock.Advance(TimeSpan.FromHours(5));
        await storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal((clock.GetUtcNow() + ttl).ToUnixTimeSeconds().ToString(), (await RawItemAsync(grain, StateName))!["ExpiresAt"].N);
    }

    [Fact]
    public async Task An_expired_item_reads_as_absent_but_can_be_written_again()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var storage = await CreateStorageAsync(o => o.TimeToLive = TimeSpan.FromHours(1), services: s => s.AddSingleton<TimeProvider>(clock));
        var grain = NewGrainId();
        var state = new GrainState<TestState>(Sample("short-lived"));
        await storage.WriteStateAsync(StateName, grain, state);

        clock.Advance(TimeSpan.FromHours(2));
        var read = new GrainState<TestState>();
        await storage.ReadStateAsync(StateName, grain, read);

        Assert.False(read.RecordExists);
        Assert.Equal("", read.State!.Text);
        Assert.Equal(state.ETag, read.ETag);
        read.State!.Text = "revived";
        await storage.WriteStateAsync(StateName, grain, read);
        await storage.ReadStateAsync(StateName, grain, state);
        Assert.True(state.RecordExists);
        Assert.Equal("revived", state.State!.Text);
    }

    [Fact]
    public async Task A_state_over_the_item_limit_is_refused_before_anything_is_written()
    {
        var storage = await CreateStorageAsync();
        var grain = NewGrainId();
        var huge = new GrainState<TestState>(new TestState { Text = new string('x', 395 * 1024) });

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => storage.WriteStateAsync(StateName, grain, huge));

        Assert.Contains("400 KB", error.Message);
        Assert.Null(huge.ETag);
        Assert.Null(await RawItemAsync(grain, StateName));
    }

    [Fact]
    public async Task A_large_state_under_the_limit_round_trips()
    {
        var storage = await CreateStorageAsync();
        var grain = NewGrainId();
        var large = new GrainState<TestState>(new TestState { Text = new string('y', 380 * 1024) });

        await storage.WriteStateAsync(StateName, grain, large);

        var read = new GrainState<TestState>();
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(large.State!.Text, read.State!.Text);
    }

    [Fact]
    public async Task State_names_and_grain_ids_are_isolated()
    {
        var storage = await CreateStorageAsync();
        var grainA = NewGrainId();
        var grainB = NewGrainId();
        await storage.WriteStateAsync("manifest", grainA, new GrainState<TestState>(Sample("A manifest")));
        await storage.WriteStateAsync("chunks", grainA, new GrainState<TestState>(Sample("A chunks")));
        await storage.WriteStateAsync("manifest", grainB, new GrainState<TestState>(Sample("B manifest")));

        Assert.Equal("A manifest", (await ReadAsync(storage, "manifest", grainA)).State!.Text);
        Assert.Equal("A chunks", (await ReadAsync(storage, "chunks", grainA)).State!.Text);
        Assert.Equal("B manifest", (await ReadAsync(storage, "manifest", grainB)).State!.Text);
        Assert.False((await ReadAsync(storage, "chunks", grainB)).RecordExists);

        var cleared = await ReadAsync(storage, "manifest", grainA);
        await storage.ClearStateAsync("manifest", grainA, cleared);
        Assert.Equal("A chunks", (await ReadAsync(storage, "chunks", grainA)).State!.Text);
        Assert.True((await ReadAsync(storage, "manifest", grainB)).RecordExists);
    }

    [Fact]
    public async Task A_serializer_registered_under_the_provider_name_is_used()
    {
        var serializer = new CountingSerializer();
        var storage = await CreateStorageAsync(services: s => s.AddKeyedSingleton<IGrainStorageSerializer>(StorageName, serializer));
        var grain = NewGrainId();

        await storage.WriteStateAsync(StateName, grain, new GrainState<TestState>(Sample("custom")));
        var read = await ReadAsync(storage, StateName, grain);

        Assert.Equal("custom", read.State!.Text);
        Assert.Equal(1, serializer.Serialized);
        Assert.Equal(1, serializer.Deserialized);
    }

    [Fact]
    public async Task Named_providers_have_their_own_options_and_tables()
    {
        var host = TestHost.Silo(ServiceId, "cluster", silo =>
        {
            silo.UseLocalhostClustering();
            silo.AddDynamoDBGrainStorage("first", o => Configure(o, "first-state"));
            silo.AddDynamoDBGrainStorageAsDefault(o => Configure(o, "default-state"));
        });
        _hosts.Add(host);
        host.ValidateProviderOptions();
        var first = await StartAsync(host, "first");
        var fallback = await StartAsync(host, "Default");
        var grain = NewGrainId();

        await first.WriteStateAsync(StateName, grain, new GrainState<TestState>(Sample("in first")));

        Assert.False((await ReadAsync(fallback, StateName, grain)).RecordExists);
        Assert.Same(fallback, host.Services.GetRequiredService<IGrainStorage>());
        var tables = (await dynalite.Client.ListTablesAsync(new ListTablesRequest())).TableNames;
        Assert.Contains(_prefix + "first-state", tables);
        Assert.Contains(_prefix + "default-state", tables);

        void Configure(DynamoDBGrainStorageOptions o, string table)
        {
            o.ServiceUrl = dynalite.ServiceUrl;
            o.TablePrefix = _prefix;
            o.TableName = table;
        }
    }

    [Fact]
    public async Task The_table_is_created_at_the_ApplicationServices_stage_of_the_silo_lifecycle()
    {
        var host = CreateHost();
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageName);
        Assert.Contains(host.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>(), p => ReferenceEquals(p, storage));
        var lifecycle = new RecordingSiloLifecycle();

        ((ILifecycleParticipant<ISiloLifecycle>)storage).Participate(lifecycle);

        Assert.Equal(ServiceLifecycleStage.ApplicationServices, Assert.Single(lifecycle.Subscriptions).Stage);
        Assert.DoesNotContain(Table, (await dynalite.Client.ListTablesAsync(new ListTablesRequest())).TableNames ?? []);
        await lifecycle.StartAsync(CancellationToken.None);
        var description = await dynalite.Client.DescribeTableAsync(Table);
        Assert.Equal(["PartitionKey", "StateName"], description.Table.KeySchema.Select(k => k.AttributeName));
    }

    [Fact]
    public async Task An_etag_from_another_provider_is_rejected_as_inconsistent()
    {
        var storage = await CreateStorageAsync();

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync(StateName, NewGrainId(), new GrainState<TestState>(Sample("x"), "W/\"datetime'2026'\"")));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.ClearStateAsync(StateName, NewGrainId(), new GrainState<TestState>(Sample("x"), "abc")));
    }

    [Fact]
    public async Task An_unreachable_DynamoDB_makes_every_operation_throw()
    {
        var host = CreateHost(o => o.ServiceUrl = "http://127.0.0.1:1");
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageName);
        var grain = NewGrainId();

        await Assert.ThrowsAnyAsync<Exception>(() => storage.ReadStateAsync(StateName, grain, new GrainState<TestState>()));
        await Assert.ThrowsAnyAsync<Exception>(() => storage.WriteStateAsync(StateName, grain, new GrainState<TestState>(Sample("x"))));
        await Assert.ThrowsAnyAsync<Exception>(() => storage.ClearStateAsync(StateName, grain, new GrainState<TestState>(Sample("x"), "5")));
        await Assert.ThrowsAnyAsync<Exception>(() => new RecordingSiloLifecycleStarter(storage).StartAsync());
    }

    [Fact]
    public void Invalid_options_fail_start_up_validation()
    {
        var host = CreateHost(o =>
        {
            o.TimeToLive = TimeSpan.FromSeconds(-1);
            o.UsePayPerRequest = false;
            o.ReadCapacityUnits = 0;
        });

        var error = Assert.Throws<OrleansConfigurationException>(host.ValidateProviderOptions);
        Assert.Contains("TimeToLive", error.Message);
        Assert.Contains("ReadCapacityUnits", error.Message);
        Assert.Contains(StorageName, error.Message);
    }

    private async Task<IGrainStorage> CreateStorageAsync(Action<DynamoDBGrainStorageOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var host = CreateHost(configure, services);
        host.ValidateProviderOptions();
        return await StartAsync(host, StorageName);
    }

    private TestHost CreateHost(Action<DynamoDBGrainStorageOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        // A silo host needs some clustering to build; localhost clustering is never started here.
        var host = TestHost.Silo(ServiceId, "cluster", silo => silo.UseLocalhostClustering().AddDynamoDBGrainStorage(StorageName, o =>
        {
            o.ServiceUrl = dynalite.ServiceUrl;
            o.TablePrefix = _prefix;
            configure?.Invoke(o);
        }), services);
        _hosts.Add(host);
        return host;
    }

    private static async Task<IGrainStorage> StartAsync(TestHost host, string name)
    {
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(name);
        await new RecordingSiloLifecycleStarter(storage).StartAsync();
        return storage;
    }

    private async Task<Dictionary<string, AttributeValue>?> RawItemAsync(GrainId grain, string stateName)
    {
        var response = await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            ConsistentRead = true,
            Key = new()
            {
                ["PartitionKey"] = new AttributeValue($"{ServiceId}/{grain}"),
                ["StateName"] = new AttributeValue(stateName),
            },
        });
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private static async Task<GrainState<TestState>> ReadAsync(IGrainStorage storage, string stateName, GrainId grain)
    {
        var state = new GrainState<TestState>();
        await storage.ReadStateAsync(stateName, grain, state);
        return state;
    }

    private static async Task<Exception?> Outcome(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private static GrainId NewGrainId() => GrainId.Create("session", Guid.NewGuid().ToString("N"));

    private static TestState Sample(string text) => new()
    {
        Text = text,
        Chunks = [1, 2, 3],
        Tags = new() { ["language"] = "en-US" },
    };

    /// <summary>Runs a storage provider's lifecycle subscription the way a starting silo would.</summary>
    private sealed class RecordingSiloLifecycleStarter(IGrainStorage storage)
    {
        public Task StartAsync()
        {
            var lifecycle = new RecordingSiloLifecycle();
            ((ILifecycleParticipant<ISiloLifecycle>)storage).Participate(lifecycle);
            return lifecycle.StartAsync(CancellationToken.None);
        }
    }
}
