using Hybrid.Storage.Keys;

namespace Hybrid.Storage.Tests.Keys;

public sealed class LiveAudioKeyTests
{
    [Fact]
    public void Kept_live_audio_sits_under_the_session_prefix_named_by_its_start()
    {
        var key = ObjectKeys.LiveAudio("u1", "s1", 8_300);

        Assert.Equal("users/u1/audio/sessions/s1/audio/live-000008300.wav", key);
        Assert.StartsWith(ObjectKeys.SessionPrefix("u1", "s1"), key, StringComparison.Ordinal);
        Assert.True(ObjectKeys.IsValidKey(key));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(ObjectKeys.MaxTimeMs + 1)]
    public void Refuses_times_the_name_cannot_hold(long startMs) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ObjectKeys.LiveAudio("u1", "s1", startMs));

    [Fact]
    public void Refuses_ids_that_would_escape_the_prefix() =>
        Assert.Throws<ArgumentException>(() => ObjectKeys.LiveAudio("u1", "../s2", 0));
}
