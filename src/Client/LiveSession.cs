using System.Diagnostics;
using Hybrid.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hybrid.Client;

/// <summary>
/// A live session that survives node loss and dropped connections: every frame goes into a
/// <see cref="FrameRing"/> before it is sent; on <c>resume_required</c> / <c>session_ended</c>
/// (a failed upload or an <c>Error</c> event) or a lost connection it reconnects if needed, calls
/// <c>StartSession</c> with its id and <c>lastSegmentId</c>, and resends from the returned
/// <c>nextSeq</c>. Finals are de-duplicated by segment id (<see cref="Transcript"/>), so the
/// <see cref="ISessionEventSink"/> sees each final once and partials that replace each other.
/// </summary>
public sealed partial class LiveSession : IAsyncDisposable
{
    private readonly HubClientOptions _options;
    private readonly LiveSessionOptions _settings;
    private readonly ISessionEventSink? _sink;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<ResumeInfo> _resumes = [];
    private StartSessionRequest _request;
    private HubSessionConnection? _connection;
    private int _generation;
    private CancellationTokenSource? _interrupt;
    private (string Kind, string Detail)? _pendingResume;
    private long _sendFrom;
    private bool _closing;

    private LiveSession(HubClientOptions options, LiveSessionOptions settings, StartSessionRequest request, ISessionEventSink? sink, ILoggerFactory loggerFactory)
    {
        _options = options;
        _settings = settings;
        _request = request;
        _sink = sink;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<LiveSession>();
        Ring = new FrameRing(settings.RingCapacity);
    }

    /// <summary>The session id.</summary>
    public string SessionId { get; private set; } = string.Empty;

    /// <summary>The answer to the first <c>StartSession</c>.</summary>
    public StartSessionResponse Started { get; private set; } = null!;

    /// <summary>The finals held (each once) and the current partial.</summary>
    public TranscriptLedger Transcript { get; } = new();

    /// <summary>The frames kept for resending.</summary>
    public FrameRing Ring { get; }

    /// <summary>The sequence number the next captured frame gets.</summary>
    public long NextSeq { get; private set; }

    /// <summary>The current connection.</summary>
    public HubSessionConnection Connection => _connection ?? throw new InvalidOperationException("not connected");

    /// <summary>Every resume so far.</summary>
    public IReadOnlyList<ResumeInfo> Resumes
    {
        get
        {
            lock (_gate)
            {
                return [.. _resumes];
            }
        }
    }

    /// <summary>Connects and starts (or, with <see cref="StartSessionRequest.SessionId"/>, resumes) a session.</summary>
    public static async Task<LiveSession> StartAsync(
        HubClientOptions options,
        StartSessionRequest request,
        ISessionEventSink? sink = null,
        LiveSessionOptions? settings = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(request);
        var session = new LiveSession(options, settings ?? new LiveSessionOptions(), request, sink, loggerFactory ?? NullLoggerFactory.Instance);
        try
        {
            await session.ConnectAsync(cancellationToken);
            var started = await session.Connection.StartSessionAsync(request, cancellationToken);
            session.Started = started;
            session.SessionId = started.SessionId;
            session._request = request with { SessionId = started.SessionId };
            session.NextSeq = started.NextSeq;
            session._sendFrom = started.NextSeq;
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Captures and sends <paramref name="frames"/> (seq from <see cref="NextSeq"/> on), paced by
    /// <paramref name="pacer"/> (null: as fast as the connection takes them), resuming whenever
    /// needed. Cancelling ends the stream normally, so the server keeps what it got. Returns the
    /// number of frames captured.
    /// </summary>
    public async Task<long> SendAsync(IEnumerable<byte[]> frames, FramePacer? pacer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        using var source = frames.GetEnumerator();
        var capture = new CaptureState(source, pacer);
        pacer?.Start();
        var resumesWithoutProgress = 0;
        while (true)
        {
            var capturedBefore = capture.Captured;
            var outcome = await UploadOnceAsync(capture, cancellationToken);
            if (outcome is null)
            {
                return capture.Captured;
            }

            resumesWithoutProgress = capture.Captured > capturedBefore ? 1 : resumesWithoutProgress + 1;
            if (resumesWithoutProgress > _settings.MaxResumesWithoutProgress)
            {
                throw new HubCallException(HubNames.UploadAudio, ErrorCodes.ResumeRequired,
                    $"the session was resumed {resumesWithoutProgress - 1} times in a row without taking audio; giving up");
            }

            try
            {
                await ResumeAsync(outcome.Value.Kind, outcome.Value.Detail, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled while resuming: the stream ends as asked, and StopAsync resumes first.
                lock (_gate)
                {
                    _pendingResume ??= outcome.Value;
                }

                return capture.Captured;
            }
        }
    }

    /// <summary>
    /// Stops the session (returns after its last final); when the session or connection was lost
    /// on the way, resumes, resends what the server misses and stops again.
    /// </summary>
    public async Task<StopSessionResponse> StopAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var pending = PendingResume();
            if (pending is not null || !Connection.IsConnected)
            {
                var (kind, detail) = pending ?? ("connection_closed", "the connection is down");
                await ResumeAsync(kind, detail, cancellationToken);
                await SendAsync([], null, cancellationToken);
            }

            try
            {
                var result = await Connection.StopSessionAsync(SessionId, cancellationToken);
                lock (_gate)
                {
                    _closing = true;
                }

                return result;
            }
            catch (Exception ex) when (attempt < _settings.MaxResumesWithoutProgress && HubFailures.IsResumable(ex))
            {
                Signal("stop_failed", ex.Message);
            }
        }
    }

    /// <summary>Closes the connection; the session itself is left as it is on the server.</summary>
    public async ValueTask DisposeAsync()
    {
        HubSessionConnection? connection;
        lock (_gate)
        {
            _closing = true;
            connection = _connection;
            _connection = null;
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Asks for a resume: the upload in progress is ended and the session resumed.</summary>
    public void Signal(string kind, string detail)
    {
        CancellationTokenSource? interrupt;
        lock (_gate)
        {
            _pendingResume ??= (kind, detail);
            interrupt = _interrupt;
        }

        LogResumeSignal(_logger, SessionId, kind, detail);
        _settings.OnResumeSignal?.Invoke(kind, detail);
        try
        {
            interrupt?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That upload already ended.
        }
    }

    private (string Kind, string Detail)? PendingResume()
    {
        lock (_gate)
        {
            return _pendingResume;
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        int generation;
        lock (_gate)
        {
            generation = ++_generation;
        }

        var connection = await HubSessionConnection.ConnectAsync(_options, new ConnectionSink(this, generation), _loggerFactory, cancellationToken);
        HubSessionConnection? old;
        lock (_gate)
        {
            old = _connection;
            _connection = connection;
        }

        if (old is not null)
        {
            await old.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: resume asked for ({Kind}: {Detail})")]
    private static partial void LogResumeSignal(ILogger logger, string sessionId, string kind, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} resumed at frame {NextSeq}: {Resent} resent, {Lost} lost, reconnected {Reconnected}")]
    private static partial void LogResumed(ILogger logger, string sessionId, long nextSeq, long resent, long lost, bool reconnected);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId}: resume attempt {Attempt} failed")]
    private static partial void LogResumeAttemptFailed(ILogger logger, string sessionId, int attempt, Exception exception);

    private static long Now() => Stopwatch.GetTimestamp();
}
