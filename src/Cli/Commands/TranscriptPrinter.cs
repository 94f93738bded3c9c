using Hybrid.Cli.Connection;
using Hybrid.Client;
using Hybrid.Protocol;

namespace Hybrid.Cli.Commands;

/// <summary>
/// Shows a session on the console: finals as <c>[00:01.23 → 00:03.40] text</c> lines on stdout,
/// partials overwritten in place when stdout is a terminal (and not at all when it is not, so
/// redirected output holds finals only), status changes and errors on stderr.
/// </summary>
public sealed class TranscriptPrinter(TextWriter stdout, TextWriter stderr, bool interactive, Func<int>? terminalWidth = null) : ISessionEventSink
{
    private const string ClearLine = "\r\u001b[2K";

    private readonly Lock _gate = new();
    private string? _partial;
    private string? _lastState;
    private long _lastFinalEndMs;

    public int Finals { get; private set; }

    /// <summary>The session reported state <c>failed</c>.</summary>
    public bool SessionFailed { get; private set; }

    /// <summary>The last <c>Error</c> event's code, if any.</summary>
    public string? LastErrorCode { get; private set; }

    /// <summary>Why the connection closed, when it closed on its own.</summary>
    public Exception? ConnectionError { get; private set; }

    public bool ConnectionLost { get; private set; }

    /// <summary>A final's line: its words' span (or, without words, from the last final to the audio processed).</summary>
    public static string FormatFinal(TranscriptMessage message, long previousEndMs)
    {
        ArgumentNullException.ThrowIfNull(message);
        long start, end;
        if (message.Words is { Count: > 0 } words)
        {
            start = words[0].StartMs;
            end = words[^1].EndMs;
        }
        else
        {
            start = previousEndMs;
            end = Math.Max(previousEndMs, message.AudioProcessedMs);
        }

        return $"[{TimeFormat.Position(start)} → {TimeFormat.Position(end)}] {message.Text.Trim()}";
    }

    public void OnTranscript(TranscriptMessage message, long receivedAt)
    {
        lock (_gate)
        {
            if (!message.IsFinal)
            {
                if (interactive)
                {
                    _partial = message.Text.Trim();
                    DrawPartial();
                }

                return;
            }

            ClearPartial();
            _partial = null;
            if (!string.IsNullOrWhiteSpace(message.Text))
            {
                stdout.WriteLine(FormatFinal(message, _lastFinalEndMs));
                Finals++;
            }

            _lastFinalEndMs = message.Words is { Count: > 0 } words ? words[^1].EndMs : Math.Max(_lastFinalEndMs, message.AudioProcessedMs);
            stdout.Flush();
        }
    }

    public void OnStatus(SessionStatusMessage message)
    {
        lock (_gate)
        {
            SessionFailed |= message.State == SessionStates.Failed;
            if (message.State == _lastState)
            {
                return;
            }

            _lastState = message.State;
            var where = string.Join(", ", new[] { Label("silo", message.Silo), Label("asr", message.AsrEndpoint) }.Where(s => s.Length > 0));
            var detail = string.IsNullOrWhiteSpace(message.Detail) ? string.Empty : $" — {message.Detail}";
            Aside($"status: {message.State}{(where.Length > 0 ? $" ({where})" : string.Empty)}{detail}");
        }
    }

    public void OnError(ErrorMessage message)
    {
        lock (_gate)
        {
            LastErrorCode = message.Code;
            Aside($"error: {message.Code}: {message.Message}");
        }
    }

    public void OnClosed(Exception? error)
    {
        lock (_gate)
        {
            if (error is not null)
            {
                ConnectionLost = true;
                ConnectionError = error;
            }
        }
    }

    /// <summary>Writes a note on stderr without mangling a partial shown on the terminal.</summary>
    public void Note(string text)
    {
        lock (_gate)
        {
            Aside(text);
        }
    }

    /// <summary>Removes a partial still shown (the session ended without a final for it).</summary>
    public void Finish()
    {
        lock (_gate)
        {
            ClearPartial();
            _partial = null;
            stdout.Flush();
        }
    }

    private static string Label(string name, string? value) => string.IsNullOrWhiteSpace(value) ? string.Empty : $"{name} {value}";

    private void Aside(string text)
    {
        ClearPartial();
        stderr.WriteLine(text);
        stderr.Flush();
        DrawPartial();
    }

    private void DrawPartial()
    {
        if (!interactive || string.IsNullOrEmpty(_partial))
        {
            return;
        }

        // A wrapped line cannot be taken back with \r, so show the tail that fits.
        var width = Math.Max(20, (terminalWidth?.Invoke() ?? 80) - 1);
        var text = "… " + _partial;
        if (text.Length > width)
        {
            text = "… " + _partial[^(width - 2)..];
        }

        stdout.Write(ClearLine + text);
        stdout.Flush();
    }

    private void ClearPartial()
    {
        if (interactive && !string.IsNullOrEmpty(_partial))
        {
            stdout.Write(ClearLine);
        }
    }
}
