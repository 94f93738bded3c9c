using System.Text.RegularExpressions;
using Hybrid.Cli;
using Hybrid.Cli.Commands;
using Hybrid.Distributed.Tests.Infrastructure;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.TestSupport;

namespace Hybrid.Distributed.Tests.Failover;

/// <summary><c>hybrid transcribe</c> keeps transcribing when the silo of its session is killed mid-file.</summary>
[Trait("Category", "Distributed")]
public sealed partial class CliResumeTests
{
    [Fact]
    public async Task Transcribe_resumes_on_a_survivor_after_its_silo_is_killed_and_prints_every_final_once()
    {
        // silo-0 (the membership primary) has the least room, so placement puts the session elsewhere.
        await using var cluster = await ProcessCluster.StartAsync([1, 4, 4]);
        var (pcm, text, _) = await Speech.ConversationAsync();
        var wav = Path.Combine(Path.GetTempPath(), $"cli-resume-{Guid.NewGuid():N}.wav");
        await File.WriteAllBytesAsync(wav, Wav(pcm));
        try
        {
            var stdout = new CapturedWriter();
            var stderr = new CapturedWriter();
            var context = new CommandContext(stdout, stderr, interactive: false, CancellationToken.None);
            var run = CliApp.RunAsync(["transcribe", wav, "--url", cluster.BaseUri.AbsoluteUri, "--user", "cli-kill9", "--realtime"], context);

            string? silo = null;
            await SystemFixture.WaitUntilAsync(() =>
            {
                silo ??= stderr.Lines.Select(l => StreamingOn().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
                return run.IsCompleted || (silo is not null && FinalLines(stdout).Count > 0);
            }, TimeSpan.FromMinutes(3), "the CLI streaming with a first final");
            Assert.False(run.IsCompleted, $"the CLI ended early:\n{stderr}");
            Assert.NotEqual("silo-0", silo);

            cluster.Silo(silo!).Kill();
            var exit = await run.WaitAsync(TimeSpan.FromMinutes(5));

            Assert.True(exit == ExitCodes.Ok, $"exit {exit}:\n{stderr}");
            Assert.Contains(stderr.Lines, l => l.StartsWith("session resumed at frame", StringComparison.Ordinal));
            var finals = FinalLines(stdout);
            Assert.Equal(finals.Count, finals.Distinct().Count());
            var hypothesis = string.Join(' ', finals.Select(l => l[(l.IndexOf("] ", StringComparison.Ordinal) + 2)..]));
            var wer = WordErrorRate.Compute(text, hypothesis);
            Assert.True(wer <= 0.25, $"WER {wer:P1}: \"{hypothesis}\"\n{stderr}");
        }
        finally
        {
            File.Delete(wav);
        }
    }

    private static List<string> FinalLines(CapturedWriter stdout) => [.. stdout.Lines.Where(l => l.StartsWith('['))];

    /// <summary>16 kHz mono PCM16 in a RIFF/WAVE container.</summary>
    private static byte[] Wav(byte[] pcm)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + pcm.Length);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(16000);
        writer.Write(16000 * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(pcm.Length);
        writer.Write(pcm);
        writer.Flush();
        return stream.ToArray();
    }

    [GeneratedRegex(@"^status: streaming \(silo (silo-\d+)")]
    private static partial Regex StreamingOn();
}
