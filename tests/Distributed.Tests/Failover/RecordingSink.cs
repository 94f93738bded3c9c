using Hybrid.Client;
using Hybrid.Protocol;

namespace Hybrid.Distributed.Tests.Failover;

/// <summary>What a client shows of one session: the finals it printed (in order) and the statuses it saw.</summary>
internal sealed class RecordingSink : ISessionEventSink
{
    private readonly Lock _gate = new();
    private readonly List<int> _shownFinals = [];
    private readonly List<SessionStatusMessage> _statuses = [];
    private readonly List<ErrorMessage> _errors = [];

    /// <summary>The silo of the latest <c>streaming</c> status.</summary>
    public string? StreamingOn
    {
        get
        {
            lock (_gate)
            {
                return _statuses.LastOrDefault(s => s.State == SessionStates.Streaming && s.Silo.Length > 0)?.Silo;
            }
        }
    }

    /// <summary>Segment ids of the finals handed to the client, in the order it got them.</summary>
    public IReadOnlyList<int> ShownFinals
    {
        get
        {
            lock (_gate)
            {
                return [.. _shownFinals];
            }
        }
    }

    public IReadOnlyList<ErrorMessage> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    public void OnTranscript(TranscriptMessage message, long receivedAt)
    {
        if (message.IsFinal)
        {
            lock (_gate)
            {
                _shownFinals.Add(message.SegmentId);
            }
        }
    }

    public void OnStatus(SessionStatusMessage message)
    {
        lock (_gate)
        {
            _statuses.Add(message);
        }
    }

    public void OnError(ErrorMessage message)
    {
        lock (_gate)
        {
            _errors.Add(message);
        }
    }

    public void OnClosed(Exception? error)
    {
    }
}
