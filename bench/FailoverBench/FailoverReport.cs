using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hybrid.Bench.Failover;

public sealed record FailoverReport
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly HashSet<string> SignalKinds = new(StringComparer.Ordinal)
    {
        "error:resume_required", "error:session_ended", "status:reconnecting", "upload_failed", "upload_ended", "connection_closed",
    };

    public required string Label { get; init; }
    public required string Url { get; init; }
    public required string Model { get; init; }
    public int Sessions { get; init; }
    public int SessionsStarted { get; init; }
    public DateTime StartedUtc { get; init; }
    public DateTime KilledUtc { get; init; }
    public required string KilledSilo { get; init; }
    public int KilledPid { get; init; }
    public string? KillError { get; init; }
    public required Dictionary<string, int> Placement { get; init; }
    public required Dictionary<string, int> PlacementAtEnd { get; init; }
    public int OnKilledSilo { get; init; }
    public int Recovered { get; init; }
    public required Spread FirstSignal { get; init; }
    public required Dictionary<string, int> FirstSignalKinds { get; init; }
    public required Spread FirstResumeRequired { get; init; }
    public required Spread FirstReconnecting { get; init; }
    public required Spread ResumeReturned { get; init; }
    public required Spread FirstTranscriptAfterResume { get; init; }
    public required Spread FirstFinalAfterResume { get; init; }
    public int FailedResumeAttempts { get; init; }
    public int OthersDisturbed { get; init; }
    /// <summary>Sessions not on the killed silo that resumed and got a transcript again.</summary>
    public int OthersResumed { get; init; }
    public required Spread OthersFirstSignal { get; init; }
    public required Spread OthersFirstTranscriptAfterResume { get; init; }
    public required Spread OthersMaxTranscriptGap { get; init; }
    public int FinalsReceived { get; init; }
    public int DuplicateFinals { get; init; }
    public int MissingFinals { get; init; }
    public long LostAudioMs { get; init; }
    public long DuplicatedAudioMs { get; init; }
    public int ClientOnlyFinals { get; init; }
    public int ServerOnlyFinals { get; init; }
    public bool Healthy { get; init; }
    public required SessionDetail[] Details { get; init; }

    public static bool RecoveredAfter(SessionRunner runner, long killAt) => runner.RecoveredSince(killAt);

    public static FailoverReport Build(Options options, SessionRunner[] runners, Dictionary<string, int> placement, string killedSilo, int killedPid,
        HashSet<int> affected, long killAt, DateTime killedUtc, string? killError, long stoppedAt, DateTime startedUtc)
    {
        double Ms(long at) => Math.Round(Stopwatch.GetElapsedTime(killAt, at).TotalMilliseconds, 1);
        double? After(long at) => at == 0 ? null : Ms(at);

        var details = runners.Select(r =>
        {
            var events = r.Events.ToArray();
            var afterKill = events.Where(e => e.At >= killAt).ToArray();
            var firstSignal = afterKill.FirstOrDefault(e => SignalKinds.Contains(e.Kind));
            var resumes = r.Resumes.Where(x => x.CalledAt >= killAt).ToArray();
            var first = resumes.FirstOrDefault();
            var integrity = Integrity.Check(r);
            var times = r.TranscriptTimes.Where(t => t >= killAt && t <= stoppedAt).Prepend(killAt).Append(stoppedAt).ToArray();
            var maxGap = times.Zip(times.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds).DefaultIfEmpty(0).Max();
            return new SessionDetail
            {
                Index = r.Index,
                SessionId = r.SessionId,
                StartFailure = r.StartFailure,
                PlacedOn = r.PlacedOn,
                FinalSilo = r.CurrentSilo,
                OnKilledSilo = affected.Contains(r.Index),
                FirstSignalMs = firstSignal is null ? null : Ms(firstSignal.At),
                FirstSignalKind = firstSignal?.Kind,
                FirstResumeRequiredMs = afterKill.FirstOrDefault(e => e.Kind == "error:resume_required") is { } rr ? Ms(rr.At) : null,
                FirstReconnectingMs = afterKill.FirstOrDefault(e => e.Kind == "status:reconnecting") is { } rc ? Ms(rc.At) : null,
                ResumeCalledMs = first is null ? null : Ms(first.CalledAt),
                ResumeReturnedMs = first is null ? null : After(first.ReturnedAt),
                FirstTranscriptAfterResumeMs = first is null ? null : After(first.FirstTranscriptAt),
                FirstFinalAfterResumeMs = first is null ? null : After(first.FirstFinalAt),
                ResumesAfterKill = resumes.Length,
                FailedResumeAttempts = resumes.Sum(x => x.Failures.Count),
                ResumeFailures = resumes.SelectMany(x => x.Failures).Take(10).ToList(),
                Reconnects = r.Reconnects,
                ResumeNextSeq = first?.NextSeq ?? -1,
                FramesResent = r.FramesResent,
                FramesSent = r.HighestSeqSent + 1,
                FinalsReceived = r.Finals.Count,
                DuplicateFinalsDropped = r.DuplicateFinalsDropped,
                DuplicateSegmentIds = integrity.DuplicateIds,
                MissingSegmentIds = integrity.MissingIds,
                LostAudioMs = integrity.LostMs,
                DuplicatedAudioMs = integrity.DuplicatedMs,
                UncoveredTailMs = integrity.TailMs,
                ServerFinals = integrity.ServerFinals,
                ClientOnlyFinals = integrity.ClientOnly,
                ServerOnlyFinals = integrity.ServerOnly,
                StopOutcome = r.StopOutcome,
                MaxTranscriptGapAfterKillMs = Math.Round(maxGap),
                Events = events.Select(e => new EventLine(Ms(e.At), e.Kind, e.Detail)).ToList(),
                Finals = r.Finals.Select(f => string.Create(CultureInfo.InvariantCulture,
                    $"{f.SegmentId}:{f.FirstWordStartMs}-{f.LastWordEndMs}@{Ms(f.ReceivedAt)}")).ToList(),
            };
        }).ToArray();

        var hit = details.Where(d => d.OnKilledSilo).ToArray();
        var others = details.Where(d => !d.OnKilledSilo && d.StartFailure is null).ToArray();
        var report = new FailoverReport
        {
            Label = options.Label,
            Url = options.BaseUrl.AbsoluteUri,
            Model = options.Model,
            Sessions = options.Sessions,
            SessionsStarted = details.Count(d => d.StartFailure is null),
            StartedUtc = startedUtc,
            KilledUtc = killedUtc,
            KilledSilo = killedSilo,
            KilledPid = killedPid,
            KillError = killError,
            Placement = placement,
            PlacementAtEnd = details.Where(d => d.FinalSilo is not null).GroupBy(d => d.FinalSilo!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count()),
            OnKilledSilo = hit.Length,
            Recovered = hit.Count(d => d.FirstTranscriptAfterResumeMs is not null),
            FirstSignal = Spread.Of(hit.Select(d => d.FirstSignalMs)),
            FirstSignalKinds = hit.Where(d => d.FirstSignalKind is not null).GroupBy(d => d.FirstSignalKind!).ToDictionary(g => g.Key, g => g.Count()),
            FirstResumeRequired = Spread.Of(hit.Select(d => d.FirstResumeRequiredMs)),
            FirstReconnecting = Spread.Of(hit.Select(d => d.FirstReconnectingMs)),
            ResumeReturned = Spread.Of(hit.Select(d => d.ResumeReturnedMs)),
            FirstTranscriptAfterResume = Spread.Of(hit.Select(d => d.FirstTranscriptAfterResumeMs)),
            FirstFinalAfterResume = Spread.Of(hit.Select(d => d.FirstFinalAfterResumeMs)),
            FailedResumeAttempts = hit.Sum(d => d.FailedResumeAttempts),
            OthersDisturbed = others.Count(d => d.FirstSignalMs is not null),
            OthersResumed = others.Count(d => d.FirstTranscriptAfterResumeMs is not null),
            OthersFirstSignal = Spread.Of(others.Select(d => d.FirstSignalMs)),
            OthersFirstTranscriptAfterResume = Spread.Of(others.Select(d => d.FirstTranscriptAfterResumeMs)),
            OthersMaxTranscriptGap = Spread.Of(others.Select(d => d.MaxTranscriptGapAfterKillMs)),
            FinalsReceived = details.Sum(d => d.FinalsReceived),
            DuplicateFinals = details.Sum(d => d.DuplicateSegmentIds.Count),
            MissingFinals = details.Sum(d => d.MissingSegmentIds.Count),
            LostAudioMs = details.Sum(d => d.LostAudioMs + d.UncoveredTailMs),
            DuplicatedAudioMs = details.Sum(d => d.DuplicatedAudioMs),
            ClientOnlyFinals = details.Sum(d => d.ClientOnlyFinals),
            ServerOnlyFinals = details.Sum(d => d.ServerOnlyFinals),
            Details = details,
        };
        return report with
        {
            Healthy = killError is null && report.SessionsStarted == report.Sessions && report.OnKilledSilo > 0 &&
                report.Recovered == report.OnKilledSilo && report.DuplicateFinals == 0 && report.MissingFinals == 0 &&
                report.LostAudioMs == 0 && report.DuplicatedAudioMs == 0 && report.ClientOnlyFinals == 0 && report.ServerOnlyFinals == 0 &&
                details.All(d => d.StartFailure is not null || d.StopOutcome == "ok"),
        };
    }

    public const string MarkdownHeader =
        "| run | sessions started | placement (sessions per silo) | killed | sessions on it / recovered | first signal p50 / max (ms) | first resume_required p50 / max (ms) | StartSession (resume) returned p50 / max (ms) | first transcript after resume p50 / max (ms) | first final after resume p50 / max (ms) | finals received / lost / duplicated | other sessions: disturbed / recovered; first signal, first transcript after resume, longest transcript gap p50 / max (ms) |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|";

    public string ToMarkdownRow()
    {
        var place = string.Join(", ", Placement.Select(p => $"{p.Key}: {p.Value}"));
        var kinds = string.Join(", ", FirstSignalKinds.Select(k => $"{k.Key} ×{k.Value}"));
        var lost = MissingFinals + (LostAudioMs > 0 ? $" ({LostAudioMs} ms audio)" : "");
        var dup = DuplicateFinals + (DuplicatedAudioMs > 0 ? $" ({DuplicatedAudioMs} ms audio)" : "");
        var mismatch = ClientOnlyFinals + ServerOnlyFinals > 0 ? $"; vs server: {ClientOnlyFinals} client-only, {ServerOnlyFinals} server-only" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {Label} | {SessionsStarted} / {Sessions} | {place} | {KilledSilo} | {OnKilledSilo} / {Recovered} | {FirstSignal.Short()} ({kinds}) | {FirstResumeRequired.Short()} | {ResumeReturned.Short()} | {FirstTranscriptAfterResume.Short()} | {FirstFinalAfterResume.Short()} | {FinalsReceived} / {lost} / {dup}{mismatch} | {OthersDisturbed} / {OthersResumed}; {OthersFirstSignal.Short()}, {OthersFirstTranscriptAfterResume.Short()}, {OthersMaxTranscriptGap.Short()} |");
    }

    public string ToText()
    {
        var b = new StringBuilder();
        b.AppendLine(CultureInfo.InvariantCulture, $"{Label}: {SessionsStarted}/{Sessions} sessions started (model {Model}); placement {string.Join(", ", Placement.Select(p => $"{p.Key}: {p.Value}"))}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  killed {KilledSilo} (pid {KilledPid}, SIGKILL) at {KilledUtc:HH:mm:ss.fff} UTC{(KillError is null ? "" : $" FAILED: {KillError}")}: {OnKilledSilo} session(s) on it, {Recovered} recovered; placement at the end {string.Join(", ", PlacementAtEnd.Select(p => $"{p.Key}: {p.Value}"))}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  ms after the kill, p50 / max: first signal {FirstSignal.Short()} ({string.Join(", ", FirstSignalKinds.Select(k => $"{k.Key} ×{k.Value}"))}); resume_required {FirstResumeRequired.Short()}; reconnecting {FirstReconnecting.Short()}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  StartSession (resume) returned {ResumeReturned.Short()}; first transcript after resume {FirstTranscriptAfterResume.Short()}; first final after resume {FirstFinalAfterResume.Short()}; failed resume attempts {FailedResumeAttempts}");
        b.AppendLine(CultureInfo.InvariantCulture, $"  finals: {FinalsReceived} received, {MissingFinals} missing ids, {DuplicateFinals} duplicate ids, {LostAudioMs} ms audio uncovered, {DuplicatedAudioMs} ms covered twice; vs server: {ClientOnlyFinals} client-only, {ServerOnlyFinals} server-only");
        b.AppendLine(CultureInfo.InvariantCulture, $"  other sessions: {OthersDisturbed} disturbed, {OthersResumed} resumed and recovered; first signal {OthersFirstSignal.Short()}, first transcript after resume {OthersFirstTranscriptAfterResume.Short()}, longest transcript gap after the kill {OthersMaxTranscriptGap.Short()} ms");
        foreach (var d in Details.Where(d => d.OnKilledSilo || d.FirstSignalMs is not null))
        {
            b.AppendLine(CultureInfo.InvariantCulture,
                $"  session {d.Index}{(d.OnKilledSilo ? " (on the killed silo)" : "")} {d.PlacedOn}→{d.FinalSilo}: signal {d.FirstSignalMs} ({d.FirstSignalKind}), resume called {d.ResumeCalledMs} returned {d.ResumeReturnedMs} (nextSeq {d.ResumeNextSeq}, {d.FailedResumeAttempts} failed tries, {d.Reconnects} reconnects), first transcript {d.FirstTranscriptAfterResumeMs}, first final {d.FirstFinalAfterResumeMs}; resent {d.FramesResent} frames");
        }

        b.Append(Healthy ? "  result: OK" : "  result: NOT OK (see the JSON report)");
        return b.ToString();
    }
}
