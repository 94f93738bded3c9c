using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hybrid.Client;
using Hybrid.Protocol;

namespace Hybrid.Bench.Failover;

/// <summary>
/// One live session as a careful client runs it, through the shared hub client (<see cref="LiveSession"/>):
/// its own user and connection, 100 ms PCM frames paced in real time against a monotonic clock, and
/// on <c>resume_required</c> / <c>session_ended</c>, a failed upload or a lost connection: (reconnect,)
/// <c>StartSession</c> with its id and <c>lastSegmentId</c>, and resend from <c>nextSeq</c>. Every
/// signal and every event is time-stamped on one monotonic clock so the run can measure the failover.
/// </summary>
public sealed partial class SessionRunner(int index, Options options, HttpClient http)
{
    public const int FrameMs = NoiseFrames.FrameMs;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(45);

    private readonly Lock _gate = new();
    private readonly string _base = options.BaseUrl.AbsoluteUri.TrimEnd('/');
    private LiveSession? _session;
    private string _token = string.Empty;

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

    /// <summary>Finals the server sent again (after a resume) that the client dropped.</summary>
    public int DuplicateFinalsDropped => _session?.Transcript.DuplicateFinals ?? 0;

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
            var hub = new HubClientOptions(options.BaseUrl, HubProtocolKind.Json, _token) { CallTimeout = CallTimeout };
            var settings = new LiveSessionOptions
            {
                ResumeTimeout = TimeSpan.FromSeconds(options.MaxAfterKillSeconds + 30),
                OnResumeSignal = (kind, detail) => Record(kind, detail),
                OnResumed = OnResumed,
                OnSending = OnSending,
            };
            _session = await LiveSession.StartAsync(hub, new StartSessionRequest { Model = options.Model }, this, settings, cancellationToken: cancellationToken);
            SessionId = _session.SessionId;
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
        if (_session is null)
        {
            return;
        }

        try
        {
            await _session.SendAsync(NoiseFrames.Endless(), new FramePacer(FrameMs), stop);
        }
        catch (Exception ex) when (ex is HubCallException or HubConnectionException or OperationCanceledException)
        {
            Record("stream_failed", Describe(ex));
        }

        try
        {
            await _session.StopAsync(hardDeadline);
            StopOutcome = "ok";
        }
        catch (Exception ex)
        {
            StopOutcome = Describe(ex);
        }

        await ReadServerTranscriptAsync(hardDeadline);
        await _session.DisposeAsync();
    }

    /// <summary>True once a resume called after <paramref name="since"/> was followed by a transcript.</summary>
    public bool RecoveredSince(long since)
    {
        lock (_gate)
        {
            return Resumes.Any(r => r.CalledAt >= since && r.FirstTranscriptAt != 0);
        }
    }

    private void OnResumed(ResumeInfo info)
    {
        lock (_gate)
        {
            var record = new ResumeRecord
            {
                CalledAt = info.CalledAt,
                ReturnedAt = info.ReturnedAt,
                NextSeq = info.NextSeq,
                HighestSeqSentBefore = HighestSeqSent,
                Reconnects = info.Reconnected ? 1 : 0,
            };
            record.Failures.AddRange(info.Failures);
            Resumes.Add(record);
            Reconnects += record.Reconnects;
        }
    }

    private void OnSending(long seq, long at, bool resent)
    {
        lock (_gate)
        {
            if (resent || seq <= HighestSeqSent)
            {
                FramesResent++;
            }
            else
            {
                HighestSeqSent = seq;
            }
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

    private void Record(string kind, string detail)
    {
        lock (_gate)
        {
            Events.Add(new TimedEvent(Stopwatch.GetTimestamp(), kind, detail));
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        HubCallException call => "hub: " + Shorten($"{call.Code}: {call.Text}"),
        _ => ex.GetType().Name + ": " + Shorten(ex.Message),
    };

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
