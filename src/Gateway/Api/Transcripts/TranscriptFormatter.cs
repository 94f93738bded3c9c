using System.Globalization;
using System.Text;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Protocol;

namespace Hybrid.Gateway.Api.Transcripts;

/// <summary>Renders a session's finals as JSON, plain text, SubRip (SRT) or WebVTT: one cue per final.</summary>
public static class TranscriptFormatter
{
    public static IResult Render(SessionSnapshot snapshot, string format, string pass)
    {
        if (pass == "batch")
        {
            return Problems.Create(StatusCodes.Status404NotFound, ErrorCodes.TranscriptNotReady, "the second pass has not produced a transcript for this session");
        }

        if (pass != "live")
        {
            return Problems.BadRequest(ErrorCodes.InvalidArgument, "pass must be live or batch");
        }

        var finals = snapshot.Finals;
        return format switch
        {
            "json" => Results.Json(new { sessionId = snapshot.SessionId, pass, state = snapshot.State, segments = finals }),
            "txt" => Results.Text(Text(finals), "text/plain; charset=utf-8"),
            "srt" => Results.Text(Srt(finals), "application/x-subrip; charset=utf-8"),
            "vtt" => Results.Text(Vtt(finals), "text/vtt; charset=utf-8"),
            _ => Problems.BadRequest(ErrorCodes.InvalidArgument, "format must be json, txt, srt or vtt"),
        };
    }

    public static string Text(IReadOnlyList<TranscriptSegment> finals) =>
        string.Join('\n', finals.Select(f => f.Text)) + (finals.Count > 0 ? "\n" : string.Empty);

    public static string Srt(IReadOnlyList<TranscriptSegment> finals)
    {
        var text = new StringBuilder();
        var index = 1;
        foreach (var (start, end, line) in Cues(finals))
        {
            text.Append(index++).Append('\n')
                .Append(Time(start, ',')).Append(" --> ").Append(Time(end, ',')).Append('\n')
                .Append(line).Append("\n\n");
        }

        return text.ToString();
    }

    public static string Vtt(IReadOnlyList<TranscriptSegment> finals)
    {
        var text = new StringBuilder("WEBVTT\n\n");
        foreach (var (start, end, line) in Cues(finals))
        {
            text.Append(Time(start, '.')).Append(" --> ").Append(Time(end, '.')).Append('\n')
                .Append(line.Replace("-->", "->", StringComparison.Ordinal)).Append("\n\n");
        }

        return text.ToString();
    }

    /// <summary>Cue times come from the words; a final without word times ends where the audio was processed.</summary>
    private static IEnumerable<(long Start, long End, string Text)> Cues(IReadOnlyList<TranscriptSegment> finals)
    {
        long previousEnd = 0;
        foreach (var final in finals.Where(f => f.Text.Length > 0))
        {
            var start = final.Words.Count > 0 ? final.Words[0].StartMs : previousEnd;
            var end = final.Words.Count > 0 ? final.Words[^1].EndMs : Math.Max(final.AudioProcessedMs, start + 1);
            previousEnd = end;
            yield return (start, Math.Max(end, start + 1), final.Text.ReplaceLineEndings(" "));
        }
    }

    private static string Time(long ms, char separator)
    {
        var t = TimeSpan.FromMilliseconds(ms);
        return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}{separator}{t.Milliseconds:000}");
    }
}
