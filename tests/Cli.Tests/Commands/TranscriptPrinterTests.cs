using Hybrid.Cli.Commands;
using Hybrid.Protocol;

namespace Hybrid.Cli.Tests.Commands;

public sealed class TranscriptPrinterTests
{
    private static TranscriptMessage Partial(string text) => new("s1", 0, false, text, 0.5f, [], 500);

    private static TranscriptMessage Final(string text, params (int Start, int End)[] words) =>
        new("s1", 0, true, text, 1f, [.. words.Select((w, i) => new TranscriptWord($"w{i}", w.Start, w.End, 0.9f))], 3_400);

    [Theory]
    [InlineData(0, "00:00.00")]
    [InlineData(1_234, "00:01.23")]
    [InlineData(3_400, "00:03.40")]
    [InlineData(61_005, "01:01.00")]
    [InlineData(3_723_450, "1:02:03.45")]
    public void Positions_read_as_minutes_seconds_and_centiseconds(long ms, string expected)
    {
        Assert.Equal(expected, TimeFormat.Position(ms));
    }

    [Fact]
    public void A_final_spans_its_words()
    {
        Assert.Equal("[00:01.23 → 00:03.40] hello there", TranscriptPrinter.FormatFinal(Final(" hello there ", (1_230, 2_000), (2_100, 3_400)), 0));
    }

    [Fact]
    public void A_final_without_words_spans_from_the_previous_final_to_the_audio_processed()
    {
        Assert.Equal("[00:01.00 → 00:03.40] hi", TranscriptPrinter.FormatFinal(Final("hi"), 1_000));
    }

    [Fact]
    public void Redirected_output_holds_finals_only()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var printer = new TranscriptPrinter(stdout, stderr, interactive: false);

        printer.OnTranscript(Partial("hel"), 0);
        printer.OnTranscript(Final("hello", (0, 900)), 0);
        printer.OnTranscript(Final("   "), 0);
        printer.Finish();

        Assert.Equal("[00:00.00 → 00:00.90] hello" + Environment.NewLine, stdout.ToString());
        Assert.Equal(1, printer.Finals);
    }

    [Fact]
    public void A_terminal_sees_partials_overwritten_in_place_and_cleared_by_the_final()
    {
        var stdout = new StringWriter();
        var printer = new TranscriptPrinter(stdout, new StringWriter(), interactive: true, () => 80);

        printer.OnTranscript(Partial("hel"), 0);
        printer.OnTranscript(Partial("hello wor"), 0);
        printer.OnTranscript(Final("hello world", (0, 900)), 0);

        Assert.Equal(
            "\r\u001b[2K… hel" + "\r\u001b[2K… hello wor" + "\r\u001b[2K" + "[00:00.00 → 00:00.90] hello world" + Environment.NewLine,
            stdout.ToString());
    }

    [Fact]
    public void A_long_partial_shows_its_tail_within_the_terminal_width()
    {
        var stdout = new StringWriter();
        var printer = new TranscriptPrinter(stdout, new StringWriter(), interactive: true, () => 30);

        printer.OnTranscript(Partial(new string('a', 50) + " the end"), 0);

        var shown = stdout.ToString().Replace("\r\u001b[2K", string.Empty, StringComparison.Ordinal);
        Assert.Equal(29, shown.Length);
        Assert.EndsWith("the end", shown);
    }

    [Fact]
    public void Status_changes_and_errors_go_to_stderr_once_each()
    {
        var stderr = new StringWriter();
        var printer = new TranscriptPrinter(new StringWriter(), stderr, interactive: false);

        printer.OnStatus(new SessionStatusMessage("s1", SessionStates.Streaming, "silo-1", "riva", null));
        printer.OnStatus(new SessionStatusMessage("s1", SessionStates.Streaming, "silo-1", "riva", null));
        printer.OnStatus(new SessionStatusMessage("s1", SessionStates.Failed, "silo-1", "riva", "the recognizer died"));
        printer.OnError(new ErrorMessage("s1", ErrorCodes.SequenceGap, "frames 3-4 missing"));

        Assert.Equal(
            string.Join(Environment.NewLine,
                "status: streaming (silo silo-1, asr riva)",
                "status: failed (silo silo-1, asr riva) — the recognizer died",
                "error: sequence_gap: frames 3-4 missing",
                string.Empty),
            stderr.ToString());
        Assert.True(printer.SessionFailed);
        Assert.Equal(ErrorCodes.SequenceGap, printer.LastErrorCode);
    }
}
