using Hybrid.Browser.Tests.Infrastructure;
using Hybrid.TestSupport;
using Xunit.Abstractions;

namespace Hybrid.Browser.Tests;

/// <summary>
/// Record ~20 s of speech in Chromium (fake microphone): the live transcript, the chunk uploads, the
/// manifest, chunks that play on their own, and the session page (playback, seek, exports, delete).
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RecordingTests(BrowserSystemFixture system, ITestOutputHelper output)
{
    private const double MaxWer = 0.30;

    [Fact]
    public async Task The_page_shows_the_spoken_words_and_no_frame_is_lost()
    {
        var recording = await system.RecordOnceAsync(output);
        var result = recording.Result;

        var transcript = result.GetProperty("transcript").GetString()!;
        var wer = WordErrorRate.Compute(FakeMicrophone.ReferenceText, transcript);
        output.WriteLine($"WER {wer:P1}: \"{transcript}\"");
        Assert.True(wer <= MaxWer, $"WER {wer:P1} > {MaxWer:P0}: \"{transcript}\"");

        var stats = result.GetProperty("stats");
        var captured = stats.GetProperty("framesCaptured").GetInt32();
        Assert.True(captured >= recording.Seconds * 10 - 5, $"only {captured} frames captured for {recording.Seconds} s");
        Assert.Equal(captured, stats.GetProperty("nextSeq").GetInt32()); // StopSession: the server has every frame
        Assert.Equal(0, stats.GetProperty("gaps").GetInt32());
        Assert.Equal("stopped", stats.GetProperty("sessionState").GetString());
        Assert.True(stats.GetProperty("finals").GetInt32() >= 3, "fewer than 3 finals for 5 sentences");
        Assert.True(stats.GetProperty("loudestDb").GetDouble() > -40, $"the level meter never showed speech ({stats.GetProperty("loudestDb")} dB)");
        Assert.Matches("^[0-9]+ ms$", stats.GetProperty("latency").GetString());
        Pages.AssertNoProblems(result);
    }

    [Fact]
    public async Task Every_chunk_is_synced_and_the_manifest_agrees()
    {
        var recording = await system.RecordOnceAsync(output);
        var chunks = recording.Result.GetProperty("chunks").EnumerateArray().ToArray();
        Assert.True(chunks.Length >= (int)(recording.Seconds / 5), $"{chunks.Length} chunks for {recording.Seconds} s of 5 s chunks");
        Assert.All(chunks, c => Assert.Equal("synced", c.GetProperty("state").GetString()));
        var seqs = chunks.Select(c => c.GetProperty("seq").GetInt32()).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, chunks.Length), seqs);

        var manifest = recording.Manifest;
        Assert.Equal(recording.SessionId, manifest.GetProperty("sessionId").GetString());
        Assert.Equal("finalized", manifest.GetProperty("status").GetString());
        Assert.Equal("webm/opus", manifest.GetProperty("codec").GetString());
        var stored = manifest.GetProperty("chunks").EnumerateArray().OrderBy(c => c.GetProperty("seq").GetInt32()).ToArray();
        Assert.Equal(seqs, stored.Select(c => c.GetProperty("seq").GetInt32()));
        long previousEnd = 0;
        foreach (var c in stored)
        {
            Assert.StartsWith("audio/webm", c.GetProperty("contentType").GetString());
            Assert.EndsWith(".webm", c.GetProperty("key").GetString());
            Assert.True(c.GetProperty("bytes").GetInt64() > 1000, $"chunk {c.GetProperty("seq")} is only {c.GetProperty("bytes")} bytes");
            var start = c.GetProperty("tStartMs").GetInt64();
            var end = c.GetProperty("tEndMs").GetInt64();
            Assert.True(Math.Abs(start - previousEnd) < 250, $"chunk {c.GetProperty("seq")} starts at {start} ms, the previous ended at {previousEnd} ms");
            previousEnd = end;
        }

        // Most chunks hold live words (the transcript is linked to them).
        Assert.True(stored.Count(c => c.GetProperty("hasTranscription").GetBoolean()) >= stored.Length / 2, "chunks are not linked to transcript words");
    }

    [Fact]
    public async Task A_chunk_after_the_first_is_a_complete_file_that_decodes_on_its_own()
    {
        var recording = await system.RecordOnceAsync(output);
        var bytes = recording.SecondChunk;
        Assert.True(bytes.Length > 4 && bytes[0] == 0x1A && bytes[1] == 0x45 && bytes[2] == 0xDF && bytes[3] == 0xA3, "chunk 1 does not start with a WebM (EBML) header");
        var file = Path.Combine(Path.GetTempPath(), $"hybrid-chunk-{Guid.NewGuid():N}.webm");
        var pcm = Path.ChangeExtension(file, ".raw");
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            var decode = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-y", "-i", file, "-ac", "1", "-ar", "16000", "-f", "s16le", pcm], Path.GetTempPath(), TimeSpan.FromSeconds(60));
            Assert.True(decode.ExitCode == 0, $"ffmpeg could not decode chunk 1 alone: {decode.StandardError}");
            var seconds = new FileInfo(pcm).Length / 32000.0;
            output.WriteLine($"chunk 1 alone decodes to {seconds:F2} s of audio");
            Assert.InRange(seconds, 4.0, 6.0);
        }
        finally
        {
            File.Delete(file);
            File.Delete(pcm);
        }
    }

    [Fact]
    public async Task The_session_page_plays_chunks_seeks_to_words_exports_and_deletes()
    {
        var recording = await system.RecordOnceAsync(output);
        var chunkCount = recording.Manifest.GetProperty("chunks").GetArrayLength();
        var result = await Scenario.RunAsync(system, "session", new { user = recording.User, sessionId = recording.SessionId }, output, TimeSpan.FromMinutes(2));

        Assert.Equal(chunkCount, result.GetProperty("listedChunks").GetInt32());
        Assert.Equal(chunkCount, result.GetProperty("chunkRows").GetInt32());
        Assert.Equal("finalized", result.GetProperty("manifestStatus").GetString());
        Assert.True(result.GetProperty("words").GetInt32() >= 20, "the session transcript shows too few words");

        var single = result.GetProperty("single");
        Assert.Equal(1, single.GetProperty("seq").GetInt32());
        Assert.True(single.GetProperty("currentTime").GetDouble() > 0.5);

        var target = result.GetProperty("target");
        var seek = result.GetProperty("seek");
        Assert.Equal(target.GetProperty("seq").GetInt32(), seek.GetProperty("seq").GetInt32());
        Assert.True(seek.GetProperty("min").GetDouble() >= target.GetProperty("offset").GetDouble() - 0.3,
            $"playback of chunk {target.GetProperty("seq")} began at {seek.GetProperty("min")} s, not at the word ({target.GetProperty("offset")} s)");
        Assert.True(result.GetProperty("playAll").GetBoolean());

        var exports = result.GetProperty("exports");
        var transcript = recording.Result.GetProperty("transcript").GetString()!;
        var txt = exports.GetProperty("txt").GetProperty("text").GetString()!;
        Assert.True(WordErrorRate.Compute(transcript, txt) < 0.05, $"the txt export differs from the live transcript: {txt}");
        Assert.Matches(@"^1\r?\n\d\d:\d\d:\d\d,\d{3} --> ", exports.GetProperty("srt").GetProperty("text").GetString()!);
        Assert.StartsWith("WEBVTT", exports.GetProperty("vtt").GetProperty("text").GetString()!);
        Assert.Equal(recording.SessionId, exports.GetProperty("json").GetProperty("sessionId").GetString());
        Assert.Equal(recording.Result.GetProperty("stats").GetProperty("finals").GetInt32(), exports.GetProperty("json").GetProperty("segments").GetInt32());

        Assert.EndsWith(".srt", exports.GetProperty("srt").GetProperty("name").GetString());
        Pages.AssertNoProblems(result);

        var (status, _) = await system.GetJsonAsync(recording.User, $"/api/audio/sessions/{recording.SessionId}");
        Assert.Equal(404, status); // deleted from the page
    }
}
