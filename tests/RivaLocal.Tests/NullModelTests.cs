using Hybrid.RivaLocal.Tests.Fixtures;
using Hybrid.RivaLocal.Tests.Support;

namespace Hybrid.RivaLocal.Tests;

/// <summary>The <c>null</c> model: one word per 100 ms, one final per second, no decoding.</summary>
[Collection(RivaLocalCollection.Name)]
public sealed class NullModelTests(RivaLocalFixture server)
{
    [Fact]
    public async Task Null_model_emits_one_interim_per_message_and_a_final_every_second()
    {
        // 2.5 s in 100 ms messages.
        var audio = new byte[25 * StreamingCall.ChunkBytes];

        var responses = await StreamingCall.RunAsync(
            server.Client, StreamingCall.Config(interimResults: true, wordTimes: true, model: "null"), audio);

        var results = responses.Select(response => Assert.Single(response.Results)).ToList();
        var expected = new List<(bool IsFinal, string Transcript)>();
        for (var message = 1; message <= 25; message++)
        {
            var utteranceStart = (message - 1) / 10 * 10;
            expected.Add((message % 10 == 0, Words(utteranceStart, message)));
        }

        expected.Add((true, Words(20, 25))); // half-close flushes the partial last second
        Assert.Equal(expected, results.Select(result => (result.IsFinal, result.Alternatives[0].Transcript)));

        var finals = results.Where(result => result.IsFinal).ToList();
        Assert.Equal([1.0f, 2.0f, 2.5f], finals.Select(result => result.AudioProcessed));
        var words = finals.SelectMany(result => result.Alternatives[0].Words).ToList();
        Assert.Equal(25, words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            Assert.Equal($"w{i}", words[i].Word);
            Assert.Equal(i * 100, words[i].StartTime);
            Assert.Equal((i + 1) * 100, words[i].EndTime);
        }
    }

    [Fact]
    public async Task Null_model_handles_messages_larger_than_a_second()
    {
        // 2.35 s in one message: two finals, then an interim for the 3 words of the third second.
        var audio = new byte[(int)(2.35 * 32000)];

        var responses = await StreamingCall.RunAsync(
            server.Client, StreamingCall.Config(interimResults: true, wordTimes: false, model: "null"), audio, chunkBytes: audio.Length);

        var results = responses.SelectMany(response => response.Results).ToList();
        Assert.Equal(
            [(true, Words(0, 10)), (true, Words(10, 20)), (false, Words(20, 23)), (true, Words(20, 23))],
            results.Select(result => (result.IsFinal, result.Alternatives[0].Transcript)));
        Assert.All(results, result => Assert.Empty(result.Alternatives[0].Words));
    }

    private static string Words(int from, int to) => string.Join(' ', Enumerable.Range(from, to - from).Select(i => $"w{i}"));
}
