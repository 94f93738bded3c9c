using Hybrid.Grains.Live;
using Hybrid.Grains.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Hybrid.Unit.Tests.Grains;

/// <summary>The Orleans grain-storage contract, on the file provider of the embedded default.</summary>
public sealed class FileGrainStorageTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hybrid-fgs-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FileGrainStorage _storage;
    private readonly GrainId _grain = GrainId.Create("session", "s-0001");

    public FileGrainStorageTests() =>
        _storage = new FileGrainStorage("sessions", new FileGrainStorageOptions { RootDirectory = _root }, new JsonStorageSerializer());

    [Fact]
    public async Task Reading_a_missing_state_gives_a_fresh_one_without_etag()
    {
        var state = new GrainState<SessionState>();

        await _storage.ReadStateAsync("session", _grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
    }

    [Fact]
    public async Task Write_then_read_round_trips_and_advances_the_etag()
    {
        var state = new GrainState<SessionState>(new SessionState { OwnerId = "alice", NextSeq = 42 });
        await _storage.WriteStateAsync("session", _grain, state);
        var firstETag = state.ETag;
        state.State!.NextSeq = 43;
        await _storage.WriteStateAsync("session", _grain, state);

        var read = new GrainState<SessionState>();
        await _storage.ReadStateAsync("session", _grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal("alice", read.State!.OwnerId);
        Assert.Equal(43, read.State!.NextSeq);
        Assert.NotEqual(firstETag, read.ETag);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task A_stale_etag_is_refused_and_the_stored_state_is_unchanged()
    {
        var writer = new GrainState<SessionState>(new SessionState { OwnerId = "alice" });
        await _storage.WriteStateAsync("session", _grain, writer);
        var stale = new GrainState<SessionState>(new SessionState { OwnerId = "mallory" }) { ETag = writer.ETag };
        await _storage.WriteStateAsync("session", _grain, writer); // moves the etag on

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("session", _grain, stale));
        var duplicateInsert = new GrainState<SessionState>(new SessionState { OwnerId = "mallory" });
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("session", _grain, duplicateInsert));

        var read = new GrainState<SessionState>();
        await _storage.ReadStateAsync("session", _grain, read);
        Assert.Equal("alice", read.State!.OwnerId);
    }

    [Fact]
    public async Task Clear_deletes_the_record()
    {
        var state = new GrainState<SessionState>(new SessionState { OwnerId = "alice" });
        await _storage.WriteStateAsync("session", _grain, state);

        await _storage.ClearStateAsync("session", _grain, state);
        var read = new GrainState<SessionState>();
        await _storage.ReadStateAsync("session", _grain, read);

        Assert.False(state.RecordExists);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task Hostile_grain_keys_stay_inside_the_root()
    {
        var hostile = GrainId.Create("session", "../../../../tmp/escape");
        await _storage.WriteStateAsync("session", hostile, new GrainState<SessionState>(new SessionState()));

        var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories);
        Assert.Single(files);
        Assert.StartsWith(Path.GetFullPath(_root), Path.GetFullPath(files[0]));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private sealed class JsonStorageSerializer : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => BinaryData.FromObjectAsJson(input);

        public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>()!;
    }
}
