using Hybrid.Storage.Keys;

namespace Hybrid.Storage.Tests.Keys;

public sealed class ObjectKeysTests
{
    [Fact]
    public void A_chunk_key_has_the_contract_layout()
    {
        var key = ObjectKeys.Chunk("alice", "session-1", 3, 5000, 10000, "audio/webm");

        Assert.Equal("users/alice/audio/sessions/session-1/chunks/00003-000005000-000010000.webm", key);
        Assert.True(ObjectKeys.IsValidKey(key));
    }

    [Theory]
    [InlineData("audio/webm;codecs=opus", "webm")]
    [InlineData("audio/webm; codecs=\"opus\"", "webm")]
    [InlineData("AUDIO/WEBM", "webm")]
    [InlineData("audio/ogg;codecs=opus", "ogg")]
    [InlineData("audio/mp4", "m4a")]
    [InlineData("audio/aac", "m4a")]
    [InlineData("audio/wav", "wav")]
    [InlineData("audio/mpeg", "mp3")]
    public void Chunk_extensions_follow_the_content_type(string contentType, string extension)
    {
        Assert.EndsWith($".{extension}", ObjectKeys.Chunk("u", "s", 1, 0, 5000, contentType), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("video/mp4")]
    [InlineData("text/html")]
    [InlineData("audio/")]
    [InlineData("")]
    [InlineData("webm")]
    public void Unknown_content_types_are_refused(string contentType)
    {
        Assert.Throws<ArgumentException>(() => ObjectKeys.Chunk("u", "s", 1, 0, 5000, contentType));
    }

    [Theory]
    [InlineData(-1, 0, 1)]
    [InlineData(100_000, 0, 1)]
    [InlineData(1, -1, 1)]
    [InlineData(1, 5000, 5000)]
    [InlineData(1, 5000, 4000)]
    [InlineData(1, 0, 1_000_000_000)]
    public void Chunk_numbers_and_times_are_range_checked(int seq, long start, long end)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ObjectKeys.Chunk("u", "s", seq, start, end, "audio/webm"));
    }

    [Fact]
    public void Session_documents_live_under_the_session()
    {
        Assert.Equal("users/alice/audio/sessions/s1/transcriptions/chunk-00007.json", ObjectKeys.ChunkTranscription("alice", "s1", 7));
        Assert.Equal("users/alice/audio/sessions/s1/transcriptions/live.json", ObjectKeys.LiveTranscription("alice", "s1"));
        Assert.Equal("users/alice/audio/sessions/s1/transcriptions/segments/00012.json", ObjectKeys.SegmentPage("alice", "s1", 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => ObjectKeys.SegmentPage("alice", "s1", -1));
        Assert.Equal("users/alice/audio/sessions/s1/transcriptions/final-batch.json", ObjectKeys.FinalBatchTranscription("alice", "s1"));
        Assert.Equal("users/alice/audio/sessions/s1/manifest.json", ObjectKeys.Manifest("alice", "s1"));
        Assert.Equal("users/alice/audio/sessions/s1/", ObjectKeys.SessionPrefix("alice", "s1"));
        Assert.Equal("users/alice/audio/sessions/", ObjectKeys.SessionsPrefix("alice"));
        Assert.Equal("users/alice/audio/sessions/s1/chunks/", ObjectKeys.ChunksPrefix("alice", "s1"));
    }

    [Fact]
    public void Memory_keys_are_dated_in_utc()
    {
        var at = new DateTimeOffset(2026, 1, 2, 23, 30, 0, TimeSpan.FromHours(-5));
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        Assert.Equal($"users/alice/memory/2026/01/03/{at.ToUnixTimeMilliseconds()}-0f8fad5b-d9cb-469f-a165-70867728950e.json", ObjectKeys.Memory("alice", at, id));
        Assert.Equal($"public/memory/2026/01/03/{at.ToUnixTimeMilliseconds()}-0f8fad5b-d9cb-469f-a165-70867728950e.json", ObjectKeys.PublicMemory(at, id));
        Assert.StartsWith(ObjectKeys.PublicMemoryPrefix, ObjectKeys.PublicMemory(at, id), StringComparison.Ordinal);
    }

    [Fact]
    public void File_manager_keys_are_sanitised_and_stay_under_the_user()
    {
        Assert.Equal("users/alice/files/Docs/a.txt", ObjectKeys.UserFile("alice", "Docs/a.txt"));
        Assert.Equal("users/alice/files/", ObjectKeys.UserFilesPrefix("alice"));
        Assert.Equal("users/alice/files/Docs/", ObjectKeys.UserFilesPrefix("alice", "Docs"));
        Assert.Throws<ArgumentException>(() => ObjectKeys.UserFile("alice", "../bob/files/x"));
        Assert.Throws<ArgumentException>(() => ObjectKeys.UserFilesPrefix("alice", "../bob"));

        Assert.True(ObjectKeys.TryUserFile("alice", "Notes 2024/Réunion.txt", out var key, out _));
        Assert.Equal("users/alice/files/Notes 2024/Réunion.txt", key);
        Assert.False(ObjectKeys.TryUserFile("alice", "%2e%2e/bob", out key, out var error));
        Assert.Equal(string.Empty, key);
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a..b")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("alice\n")]
    [InlineData("a%2fb")]
    [InlineData("ünicode")]
    public void Invalid_ids_are_refused(string id)
    {
        Assert.False(ObjectKeys.IsValidId(id));
        Assert.Throws<ArgumentException>(() => ObjectKeys.UserPrefix(id));
        Assert.Throws<ArgumentException>(() => ObjectKeys.Manifest("alice", id));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("alice@example.com")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("session-1732400000000-abc123")]
    [InlineData("a.b_c")]
    public void Valid_ids_are_accepted(string id)
    {
        Assert.True(ObjectKeys.IsValidId(id));
        Assert.True(ObjectKeys.IsValidKey(ObjectKeys.Manifest(id, id)));
    }

    [Fact]
    public void Ids_are_at_most_128_characters()
    {
        Assert.True(ObjectKeys.IsValidId(new string('a', 128)));
        Assert.False(ObjectKeys.IsValidId(new string('a', 129)));
    }

    [Theory]
    [InlineData("users/../x", false)]
    [InlineData("users/a/./b", false)]
    [InlineData("users/a/b", true)]
    [InlineData("users/a/%2e%2e/b", false)]
    [InlineData("users/a/Réunion #1.txt", true)]
    public void Keys_must_already_be_normalised(string key, bool valid)
    {
        Assert.Equal(valid, ObjectKeys.IsValidKey(key));
    }
}
