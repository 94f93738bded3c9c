using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Hybrid.Protocol;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hybrid.Bench.Failover;

/// <summary>
/// One live session as a careful client runs it (docs/protocol.md, docs/architecture.md "Failover and
/// resume"): its own user and connection, 100 ms PCM frames paced in real time against a monotonic
/// clock, and on <c>resume_required</c> / <c>session_ended</c>, a failed upload or a lost connection:
/// (reconnect,) <c>StartSession</c> with its id, and resend from <c>nextSeq</c>. Every signal and
/// every event is time-stamped on one monotonic clock so the run can measure the failover.
/// </summary>
public sealed class SessionRunner(int index, Options options, HttpClient http)
{
    public const int FrameMs = 100;
    private const int FrameBytes = 3200;
    private static readonly byte[][] FrameVariants = MakeFrames();
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(45);

    private readonly Lock _gate = new();
    private readonly string _base = options.BaseUrl.AbsoluteUri.TrimEnd('/');
    private HubConnection? _connection;
    private string _token = string.Empty;
    private CancellationTokenSource? _interrupt;
    private long _streamStart;
    private long _resumedAt; // when the current resume's StartSession returned; 0 while none happened
    private bool _pendingSignal; // a signal arrived that the current upload has not acted on
    private int _uploadGeneration;
    private volatile bool _closing;

    public int Index { get; } = index;
    public string User => $"{options.Label}-{Index:00}";
    public string? SessionId { get; private set; }
    public string? StartFailure { get; private set; }

    /// <summary>The silo of the first status with one (placement).</summary>
    public string? PlacedOn { get; private set; }

    /// <summary>The latest silo a status named.</summary>
    public string? CurrentSilo { get; private set; }

    public List<TimedEvent> Events { get; } = [];
    public List<FinalRecord> Finals { get; } = [];
    public List<long> TranscriptTimes { get; } = [];
    public List<ResumeRecord> Resumes { get; } = [];
    public int Reconnects { get; private set; }
    public long HighestSeqSent { get; private set; } = -1;
    public long FramesResent { get; private set; }
    public string? StopOutcome { get; private set; }
    public JsonElement? ServerTranscript { get; private set; }

    /// <summary>Signs in, connects and starts the session; placement is known when this returns.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync($"{_base}/api/dev/token", new { user = User }, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            _token = doc.RootElement.GetProperty("access_token").GetString()!;
            _connection = await ConnectAsync(cancellationToken);
            var started = await _connection.InvokeAsync<StartSessionResponse>(HubNames.StartSession,
                new StartSessionRequest { Model = options.Model }, cancellationToken).WaitAsync(CallTimeout, cancellationToken);
            SessionId = started.SessionId;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            StartFailure = Describe(ex);
        }
    }

    /// <summary>
    /// Streams until <paramref name="stop"/>, resuming whenever the server asks, then stops the session
    /// (which returns after its last final) and reads the server's copy of the finals.
    /// </summary>
    public async Task StreamAsync(CancellationToken stop, CancellationToken hardDeadline)
    {
        if (SessionId is null)
        {
            return;
        }

        _streamStart = Stopwatch.GetTimestamp();
        long seq = 0;
        while (!stop.IsCancellationRequested && !hardDeadline.IsCancellationRequested)
        {
            if (await UploadAsync(seq, stop))
            {
                break;
            }

            var next = await ResumeAsync(stop, hardDeadline);
            if (next is null)
            {
                break;
            }

            seq = next.Value;
        }

        await StopAsync(hardDeadline);
        _closing = true;
        await ReadServerTranscriptAsync(hardDeadline);
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task<HubConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(_base + HubNames.Route, o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(_token);
                o.Transports = HttpTransportType.WebSockets;
            })
            .Build();
        connection.On<TranscriptMessage>(HubNames.Transcript, OnTranscript);
        connection.On<SessionStatusMessage>(HubNames.SessionStatus, OnStatus);
        connection.On<ErrorMessage>(HubNames.Error, OnError);
        connection.Closed += error =>
        {
            // Only the current connection's loss matters, and not our own close at the end.
            if (ReferenceEquals(connection, _connection) && !_closing)
            {
                Signal("connection_closed", error?.GetType().Name ?? "closed");
            }

            return Task.CompletedTask;
        };
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    /// <summary>Sends frames from <paramref name="fromSeq"/>, each at its real-time due moment. True: ended normally at stop.</summary>
    private async Task<bool> UploadAsync(long fromSeq, CancellationToken stop)
    {
        var connection = _connection!;
        var channel = Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(stop);
        lock (_gate)
        {
            _interrupt = interrupt;
        }

        var generation = ++_uploadGeneration;
        var endedByUs = 0;
        Task upload;
        try
        {
            upload = connection.InvokeAsync(HubNames.UploadAudio, SessionId, channel.Reader, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Signal("upload_failed", Describe(ex));
            return false;
        }

        _ = upload.ContinueWith(t =>
        {
            // A late end of an earlier upload must not interrupt the current one.
            if (generation != Volatile.Read(ref _uploadGeneration) || Volatile.Read(ref endedByUs) == 1)
            {
                return;
            }

            // Faulted: the refusal's code (resume_required, ...) or a lost connection. Completed while we
            // were still sending: the server ended the stream; either way the session must be resumed.
            Signal(t.IsFaulted ? "upload_failed" : "upload_ended",
                t.IsFaulted ? Describe(t.Exception!.GetBaseException()) : "the upload call completed");
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        var seq = fromSeq;
        try
        {
            while (true)
            {
                var wait = TimeSpan.FromMilliseconds(seq * FrameMs) - Stopwatch.GetElapsedTime(_streamStart);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, interrupt.Token);
                }

                interrupt.Token.ThrowIfCancellationRequested();
                await channel.Writer.WriteAsync(new AudioFrame(seq, FrameVariants[seq % FrameVariants.Length]), interrupt.Token);
                lock (_gate)
                {
                    if (seq <= HighestSeqSent)
                    {
                        FramesResent++;
                    }
                    else
                    {
                        HighestSeqSent = seq;
                    }
                }

                seq++;
            }
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            Volatile.Write(ref endedByUs, 1);
            channel.Writer.TryComplete();
        }
        finally
        {
            lock (_gate)
            {
                _interrupt = null;
            }
        }

        if (stop.IsCancellationRequested && !NeedsResume())
        {
            try
            {
                await upload.WaitAsync(CallTimeout, CancellationToken.None);
                return true;
            }
            catch (Exception ex)
            {
                Signal("upload_failed", Describe(ex));
                return false;
            }
        }

        // Interrupted by a signal: let the call end (it fails with the refusal's code), then resume.
        try
        {
            await upload.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        }
        catch (Exception)
        {
            // Expected: the refusal (or the lost connection) is already recorded.
        }

        return false;
    }

    /// <summary>True once a resume called after <paramref name="since"/> was followed by a transcript.</summary>
    public bool RecoveredSince(long since)
    {
        lock (_gate)
        {
            return Resumes.Any(r => r.CalledAt >= since && r.FirstTranscriptAt != 0);
        }
    }

    private bool NeedsResume()
    {
        lock (_gate)
        {
            return _pendingSignal;
        }
    }


    /// <summary>Reconnects if needed and calls StartSession with the id until it answers; returns nextSeq.</summary>
    private async Task<long?> ResumeAsync(CancellationToken stop, CancellationToken hardDeadline)
    {
        var record = new ResumeRecord { CalledAt = Stopwatch.GetTimestamp() };
        lock (_gate)
        {
            Resumes.Add(record);
            _pendingSignal = false;
            _resumedAt = 0;
        }

        for (var attempt = 1; !hardDeadline.IsCancellationRequested; attempt++)
        {
            // Once the run is stopping, a session that never came back is given up after one more try.
            if (stop.IsCancellationRequested && attempt > 1)
            {
                return null;
            }

            try
            {
                if (_connection is null || _connection.State != HubConnectionState.Connected)
                {
                    if (_connection is not null)
                    {
                        await _connection.DisposeAsync();
                    }

                    _connection = await ConnectAsync(hardDeadline);
                    Reconnects++;
                    record.Reconnects++;
                }

                var started = await _connection.InvokeAsync<StartSessionResponse>(HubNames.StartSession,
                    new StartSessionRequest { SessionId = SessionId, Model = options.Model }, hardDeadline).WaitAsync(CallTimeout, hardDeadline);
                lock (_gate)
                {
                    record.ReturnedAt = Stopwatch.GetTimestamp();
                    record.NextSeq = started.NextSeq;
                    record.HighestSeqSentBefore = HighestSeqSent;
                    _resumedAt = record.ReturnedAt;
                    _pendingSignal = false;
                }

                return started.NextSeq;
            }
            catch (OperationCanceledException) when (hardDeadline.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    record.Failures.Add($"{Ms(record.CalledAt)}: {Describe(ex)}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * attempt, 2000)), CancellationToken.None);
            }
        }

        return null;

        static long Ms(long since) => (long)Stopwatch.GetElapsedTime(since).TotalMilliseconds;
    }

    private async Task StopAsync(CancellationToken hardDeadline)
    {
        if (_connection is not { State: HubConnectionState.Connected })
        {
            StopOutcome = "not connected";
            return;
        }

        try
        {
            await _connection.InvokeAsync<StopSessionResponse>(HubNames.StopSession, SessionId, hardDeadline).WaitAsync(CallTimeout, hardDeadline);
            StopOutcome = "ok";
        }
        catch (Exception ex)
        {
            StopOutcome = Describe(ex);
        }
    }

    private async Task ReadServerTranscriptAsync(CancellationToken hardDeadline)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{_base}/api/audio/sessions/{SessionId}/transcript?format=json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            using var response = await http.SendAsync(request, hardDeadline);
            if (response.IsSuccessStatusCode)
            {
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(hardDeadline));
                ServerTranscript = doc.RootElement.Clone();
            }
            else
            {
                Record("server_transcript", $"HTTP {(int)response.StatusCode}");
            }
        }
        catch (Exception ex)
        {
            Record("server_transcript", Describe(ex));
        }
    }

    private void OnTranscript(TranscriptMessage message)
    {
        var at = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            TranscriptTimes.Add(at);
            var afterResume = _resumedAt != 0;
            var current = Resumes.Count > 0 ? Resumes[^1] : null;
            if (afterResume && current is { FirstTranscriptAt: 0 })
            {
                current.FirstTranscriptAt = at;
            }

            if (!message.IsFinal)
            {
                return;
            }

            if (afterResume && current is { FirstFinalAt: 0 })
            {
                current.FirstFinalAt = at;
            }

            Finals.Add(new FinalRecord(message.SegmentId, message.Text,
                message.Words.Count > 0 ? message.Words[0].StartMs : -1,
                message.Words.Count > 0 ? message.Words[^1].EndMs : -1,
                message.Words.Count, message.AudioProcessedMs, at, Resumes.Count));
        }
    }

    private void OnStatus(SessionStatusMessage message)
    {
        lock (_gate)
        {
            if (message.Silo.Length > 0)
            {
                PlacedOn ??= message.Silo;
                CurrentSilo = message.Silo;
            }
        }

        Record("status:" + message.State, message.Silo.Length > 0 ? message.Silo : message.Detail ?? string.Empty);
    }

    private void OnError(ErrorMessage message)
    {
        if (message.Code is ErrorCodes.ResumeRequired or ErrorCodes.SessionEnded)
        {
            Signal("error:" + message.Code, message.Message);
        }
        else
        {
            Record("error:" + message.Code, message.Message);
        }
    }

    /// <summary>Records a signal that the session must be resumed and interrupts the upload in progress.</summary>
    private void Signal(string kind, string detail)
    {
        CancellationTokenSource? interrupt;
        lock (_gate)
        {
            Events.Add(new TimedEvent(Stopwatch.GetTimestamp(), kind, detail));
            _pendingSignal = true;
            interrupt = _interrupt;
        }

        try
        {
            interrupt?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The upload already ended.
        }
    }

    private void Record(string kind, string detail)
    {
        lock (_gate)
        {
            Events.Add(new TimedEvent(Stopwatch.GetTimestamp(), kind, detail));
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        HubException hub => "hub: " + Shorten(hub.Message),
        _ => ex.GetType().Name + ": " + Shorten(ex.Message),
    };

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    /// <summary>A few frames of low-level noise (the null model only counts samples; PocketSphinx would hear silence).</summary>
    private static byte[][] MakeFrames()
    {
        var random = new Random(7);
        return Enumerable.Range(0, 10).Select(_ =>
        {
            var frame = new byte[FrameBytes];
            for (var i = 0; i < frame.Length; i += 2)
            {
                BitConverter.TryWriteBytes(frame.AsSpan(i), (short)random.Next(-200, 200));
            }

            return frame;
        }).ToArray();
    }
}

public sealed record TimedEvent(long At, string Kind, string Detail);

/// <summary>A final as the client received it: word times are absolute (ms from the session's frame 0).</summary>
public sealed record FinalRecord(int SegmentId, string Text, int FirstWordStartMs, int LastWordEndMs, int Words, long AudioProcessedMs, long ReceivedAt, int ResumesBefore);

/// <summary>One resume: StartSession called, returned (nextSeq), then the first transcript and final after it.</summary>
public sealed class ResumeRecord
{
    public long CalledAt { get; set; }
    public long ReturnedAt { get; set; }
    public long NextSeq { get; set; } = -1;
    public long HighestSeqSentBefore { get; set; } = -1;
    public long FirstTranscriptAt { get; set; }
    public long FirstFinalAt { get; set; }
    public int Reconnects { get; set; }
    public List<string> Failures { get; } = [];
}
