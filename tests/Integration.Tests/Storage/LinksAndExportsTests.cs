using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;

namespace Hybrid.Integration.Tests.Storage;

/// <summary>
/// One session on both paths: live words from a real flite recording through RivaLocal land in the
/// right chunk files (midpoint rule, each word once, whichever came first), and the transcript exports
/// parse and match the finals.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed partial class LinksAndExportsTests(SystemFixture system)
{
    [Fact]
    public async Task Live_words_are_linked_to_their_chunks_and_exports_match_the_finals()
    {
        var (pcm, _, durationMs) = await Speech.ConversationAsync();
        var api = await ApiClient.ForAsync(system, "nora");
        await using var hub = await HubClient.ConnectAsync(system, "nora");
        var started = await hub.StartAsync();
        var id = started.SessionId;
        Assert.Equal(id, await api.CreateRecordingAsync(id, chunkSeconds: 5));
        var chunks = (int)Math.Ceiling(durationMs / 5000.0);

        // Chunks 0 and 1 are stored before any word exists; the rest after the live session ended.
        for (var seq = 0; seq < 2; seq++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.UploadChunkAsync(id, seq, new byte[256], seq * 5000L, (seq + 1) * 5000L)).Status);
        }

        await hub.UploadAsync(id, Frames.From(pcm));
        await hub.StopAsync(id);
        for (var seq = 2; seq < chunks; seq++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.UploadChunkAsync(id, seq, new byte[256], seq * 5000L, (seq + 1) * 5000L)).Status);
        }

        var finals = hub.Finals;
        var allWords = finals.SelectMany(f => f.Words).Select(w => (w.Word, w.StartMs, w.EndMs)).ToList();
        Assert.NotEmpty(allWords);
        var linked = new List<(string Word, int StartMs, int EndMs)>();
        var manifest = (await api.GetAsync($"/api/audio/sessions/{id}")).Body.GetProperty("chunks").EnumerateArray().ToArray();
        for (var seq = 0; seq < chunks; seq++)
        {
            var file = LocalObject($"users/nora/audio/sessions/{id}/transcriptions/chunk-{seq:00000}.json");
            var words = File.Exists(file)
                ? JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.GetProperty("words").EnumerateArray()
                    .Select(w => (w.GetProperty("word").GetString()!, w.GetProperty("startMs").GetInt32(), w.GetProperty("endMs").GetInt32())).ToArray()
                : [];
            Assert.All(words, w => Assert.InRange((w.Item2 + w.Item3) / 2.0, seq * 5000, (seq + 1) * 5000 - 0.5));
            var entry = manifest.Single(c => c.GetProperty("seq").GetInt32() == seq);
            Assert.Equal(words.Length > 0, entry.GetProperty("hasTranscription").GetBoolean());
            Assert.Equal(words.Length, entry.GetProperty("wordCount").GetInt32());
            linked.AddRange(words);
        }

        // Every live word is linked exactly once (boundary words included), none invented.
        Assert.Equal(allWords.OrderBy(w => w.StartMs), linked.OrderBy(w => w.StartMs));
        var live = JsonDocument.Parse(await File.ReadAllTextAsync(LocalObject($"users/nora/audio/sessions/{id}/transcriptions/live.json"))).RootElement;
        Assert.Equal(finals.Count, live.GetProperty("segments").GetArrayLength());

        var srt = (await api.GetAsync($"/api/audio/sessions/{id}/transcript?format=srt")).Text;
        var srtCues = SrtCue().Matches(srt).ToArray();
        Assert.Equal(finals.Count, srtCues.Length);
        for (var i = 0; i < finals.Count; i++)
        {
            Assert.Equal((i + 1).ToString(), srtCues[i].Groups["n"].Value);
            Assert.Equal(finals[i].Text, srtCues[i].Groups["text"].Value);
            Assert.Equal(finals[i].Words[0].StartMs, Ms(srtCues[i].Groups["start"].Value));
            Assert.Equal(finals[i].Words[^1].EndMs, Ms(srtCues[i].Groups["end"].Value));
        }

        var vtt = (await api.GetAsync($"/api/audio/sessions/{id}/transcript?format=vtt")).Text;
        Assert.StartsWith("WEBVTT\n\n", vtt);
        var vttCues = VttCue().Matches(vtt).ToArray();
        Assert.Equal(finals.Select(f => f.Text), vttCues.Select(c => c.Groups["text"].Value));
        Assert.Equal(finals.Select(f => f.Words[0].StartMs), vttCues.Select(c => Ms(c.Groups["start"].Value)));

        var txt = (await api.GetAsync($"/api/audio/sessions/{id}/transcript?format=txt")).Text;
        Assert.Equal(finals.Select(f => f.Text), txt.TrimEnd('\n').Split('\n'));
        var bad = await api.GetAsync($"/api/audio/sessions/{id}/transcript?format=doc");
        Assert.Equal("invalid_argument", bad.Code);
        Assert.Equal("transcript_not_ready", (await api.GetAsync($"/api/audio/sessions/{id}/transcript?pass=batch")).Code);
    }

    private static int Ms(string time)
    {
        var parts = time.Replace(',', '.').Split(':');
        return (int)Math.Round((int.Parse(parts[0]) * 3600 + int.Parse(parts[1]) * 60 + double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)) * 1000);
    }

    private string LocalObject(string key) => Path.Combine(system.DataDirectory, "blobs", "objects", key);

    [GeneratedRegex(@"(?<n>\d+)\n(?<start>\d\d:\d\d:\d\d,\d\d\d) --> (?<end>\d\d:\d\d:\d\d,\d\d\d)\n(?<text>[^\n]+)\n\n")]
    private static partial Regex SrtCue();

    [GeneratedRegex(@"(?<start>\d\d:\d\d:\d\d\.\d\d\d) --> (?<end>\d\d:\d\d:\d\d\.\d\d\d)\n(?<text>[^\n]+)\n\n")]
    private static partial Regex VttCue();
}
