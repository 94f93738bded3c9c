using System.Diagnostics;
using Hybrid.Cli.Connection;
using Hybrid.Client;
using Hybrid.Protocol;

namespace Hybrid.Cli.Load;

/// <summary>Feeds one load session's events into its <see cref="LatencyTracker"/> and remembers errors.</summary>
public sealed class LoadSessionSink(LatencyTracker tracker, long runStartTimestamp) : ISessionEventSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);
    private double? _firstEventMs;
    private double? _lastEventMs;

    public bool Failed { get; private set; }

    public string? LastErrorCode { get; private set; }

    public string? LastErrorMessage { get; private set; }

    public Exception? ConnectionError { get; private set; }

    public double? FirstEventMs
    {
        get
        {
            lock (_gate)
            {
                return _firstEventMs;
            }
        }
    }

    public double? LastEventMs
    {
        get
        {
            lock (_gate)
            {
                return _lastEventMs;
            }
        }
    }

    public IReadOnlyDictionary<string, int> Errors
    {
        get
        {
            lock (_gate)
            {
                return new SortedDictionary<string, int>(_errors, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Run-relative milliseconds of a <see cref="Stopwatch"/> timestamp.</summary>
    public double ToRunMs(long timestamp) => (timestamp - runStartTimestamp) * 1000.0 / Stopwatch.Frequency;

    public void OnTranscript(TranscriptMessage message, long receivedAt)
    {
        var at = ToRunMs(receivedAt);
        IReadOnlyList<int> ends = message.IsFinal && message.Words is { Count: > 0 } words ? [.. words.Select(w => w.EndMs)] : [];
        tracker.TranscriptReceived(at, message.IsFinal, message.AudioProcessedMs, ends);
        lock (_gate)
        {
            _firstEventMs ??= at;
            _lastEventMs = at;
        }
    }

    public void OnStatus(SessionStatusMessage message)
    {
        if (message.State == SessionStates.Failed)
        {
            lock (_gate)
            {
                Failed = true;
                LastErrorMessage ??= message.Detail;
            }
        }
    }

    public void OnError(ErrorMessage message)
    {
        lock (_gate)
        {
            _errors[message.Code] = _errors.GetValueOrDefault(message.Code) + 1;
            LastErrorCode = message.Code;
            LastErrorMessage = message.Message;
        }
    }

    public void OnClosed(Exception? error)
    {
        if (error is not null)
        {
            lock (_gate)
            {
                ConnectionError = error;
            }
        }
    }
}
