using System.Diagnostics;
using System.Runtime.InteropServices;
using Hybrid.Cli.Audio;
using Hybrid.Cli.Connection;
using Hybrid.Client;
using Hybrid.Protocol;
using Microsoft.Extensions.Logging;

namespace Hybrid.Cli.Load;

/// <summary>
/// Runs N concurrent live sessions, each its own connection and user <c>load-{i}</c>, each
/// streaming the same audio in real time, and pools their latencies into a <see cref="LoadReport"/>.
/// Every wait is bounded: the run ends by itself at its deadline.
/// </summary>
public sealed partial class LoadRunner(LoadOptions options, PreparedAudio audio, ILoggerFactory loggers, TextWriter progress)
{
    private const int FrameMs = 100;
    private readonly ILogger _logger = loggers.CreateLogger<LoadRunner>();
    private int _connected;
    private int _streaming;
    private int _done;
    private int _failed;
    private long _framesSent;

    /// <summary>The run's deadline when none is given: the ramp, the audio, and room to drain.</summary>
    public TimeSpan DefaultTimeout(long audioMs) =>
        TimeSpan.FromMilliseconds((double)options.RampMs * options.Sessions + audioMs) + options.StopTimeout + TimeSpan.FromSeconds(60);

    public async Task<LoadReport> RunAsync(CancellationToken interrupt)
    {
        var frames = audio.Frames(FrameMs);
        var timeout = options.Timeout ?? DefaultTimeout(audio.DurationMs);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        deadline.CancelAfter(timeout);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var tokens = new TokenSource(new DevTokenClient(http), options.Common.Url, options.Common.Token);

        var startedUtc = DateTime.UtcNow;
        var runStart = Stopwatch.GetTimestamp();
        progress.WriteLine($"load: {options.Sessions} session(s), {audio.Description}, {frames.Count} frames each, deadline {timeout.TotalSeconds:0} s");
        using var reporting = new CancellationTokenSource();
        var reporter = ReportProgressAsync(runStart, reporting.Token);

        var sessions = Enumerable.Range(0, options.Sessions)
            .Select(i => Task.Run(() => RunSessionAsync(i, frames, tokens, runStart, deadline.Token, interrupt)))
            .ToArray();
        var results = await Task.WhenAll(sessions);
        await reporting.CancelAsync();
        await reporter;

        var wall = Stopwatch.GetElapsedTime(runStart).TotalSeconds;
        var settings = new LoadRunSettings(
            options.Common.Url.ToString(),
            options.Common.Protocol == HubProtocolKind.MessagePack ? "messagepack" : "json",
            options.Model,
            options.RampMs,
            Path.GetFileName(options.File),
            audio.DurationMs,
            frames.Count,
            $"{Environment.ProcessorCount} cpu, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        return LoadReport.Create(settings, results, startedUtc, wall);
    }

    private async Task<LoadSessionResult> RunSessionAsync(
        int index, IReadOnlyList<byte[]> frames, TokenSource tokens, long runStart, CancellationToken deadline, CancellationToken interrupt)
    {
        var user = $"load-{index}";
        var tracker = new LatencyTracker();
        var sink = new LoadSessionSink(tracker, runStart);
        string? sessionId = null;
        double? connectMs = null, startMs = null, stopMs = null;
        string? failureCode = null, failureMessage = null;
        HubSessionConnection? connection = null;
        var streaming = false;
        try
        {
            // Staggered starts, so N sessions do not all sign in within the same millisecond.
            await Task.Delay(TimeSpan.FromMilliseconds((double)options.RampMs * index), deadline);

            var t0 = Stopwatch.GetTimestamp();
            var token = await tokens.GetAsync(user, deadline);
            connection = await HubSessionConnection.ConnectAsync(options.Common.Hub(token), sink, loggers, deadline);
            connectMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            Interlocked.Increment(ref _connected);

            t0 = Stopwatch.GetTimestamp();
            var session = await connection.StartSessionAsync(new StartSessionRequest
            {
                Model = options.Model,
                InterimResults = true,
                SampleRate = audio.SampleRate,
            }, deadline);
            startMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            sessionId = session.SessionId;
            LogSessionStarted(_logger, index, sessionId);

            streaming = true;
            Interlocked.Increment(ref _streaming);
            var bytesPerMs = audio.SampleRate * 2 / 1000.0;
            var starts = FrameStarts(frames, bytesPerMs);
            await connection.UploadAsync(sessionId, frames, session.NextSeq, new FramePacer(FrameMs), (seq, timestamp) =>
            {
                tracker.FrameSent(sink.ToRunMs(timestamp), starts[seq], starts[seq + 1]);
                Interlocked.Increment(ref _framesSent);
            }, deadline);
            Interlocked.Decrement(ref _streaming);
            streaming = false;

            // Stop even after the deadline or Ctrl+C: the server must not keep a recognizer busy.
            t0 = Stopwatch.GetTimestamp();
            using var stopLimit = new CancellationTokenSource(deadline.IsCancellationRequested ? TimeSpan.FromSeconds(10) : options.StopTimeout);
            await connection.StopSessionAsync(sessionId, stopLimit.Token);
            stopMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (interrupt.IsCancellationRequested)
            {
                (failureCode, failureMessage) = ("interrupted", "stopped by Ctrl+C");
            }
            else if (deadline.IsCancellationRequested)
            {
                (failureCode, failureMessage) = ("timeout", "the run's deadline passed while streaming");
            }
        }
        catch (HubCallException ex)
        {
            (failureCode, failureMessage) = (ex.Code, ex.Message);
        }
        catch (HubConnectionException ex)
        {
            (failureCode, failureMessage) = ("connection", ex.Message);
        }
        catch (CliException ex)
        {
            failureCode = ex.Code ?? (ex.ExitCode == ExitCodes.Connection ? "connection" : "client");
            failureMessage = ex.Message;
        }
        catch (OperationCanceledException)
        {
            (failureCode, failureMessage) = interrupt.IsCancellationRequested
                ? ("interrupted", "stopped by Ctrl+C")
                : ("timeout", "a step did not finish before its deadline");
        }
        catch (Exception ex)
        {
            // One broken client must not end the whole run; it is reported with the rest.
            LogSessionCrashed(_logger, index, ex);
            failureCode = "client";
            failureMessage = $"{ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            if (streaming)
            {
                Interlocked.Decrement(ref _streaming);
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }

        if (failureCode is null && sink.Failed)
        {
            (failureCode, failureMessage) = (sink.LastErrorCode ?? "failed", sink.LastErrorMessage ?? "the session reported state failed");
        }

        if (failureCode is null && sink.ConnectionError is { } closed)
        {
            (failureCode, failureMessage) = ("connection", closed.Message);
        }

        Interlocked.Increment(ref failureCode is null ? ref _done : ref _failed);
        return new LoadSessionResult
        {
            Index = index,
            User = user,
            SessionId = sessionId,
            Ok = failureCode is null,
            FailureCode = failureCode,
            FailureMessage = failureMessage,
            FramesSent = tracker.FramesSent,
            AudioSentMs = tracker.AudioSentMs,
            AudioProcessedMs = tracker.AudioProcessedMs,
            FramesLost = tracker.FramesUnconfirmed,
            Events = tracker.Events,
            Partials = tracker.Partials,
            Finals = tracker.Finals,
            FinalWords = tracker.FinalWords,
            UnmatchedFinalWords = tracker.UnmatchedFinalWords,
            ErrorEvents = sink.Errors,
            ConnectMs = Round(connectMs),
            StartSessionMs = Round(startMs),
            StopSessionMs = Round(stopMs),
            FrameLatencies = tracker.FrameLatencies,
            FinalWordLatencies = tracker.FinalWordLatencies,
            FrameLatencyMs = LatencySummary.From(tracker.FrameLatencies),
            FinalWordLatencyMs = LatencySummary.From(tracker.FinalWordLatencies),
            FinalLatencies = tracker.FinalLatencies,
            FinalLatencyMs = LatencySummary.From(tracker.FinalLatencies),
            FirstEventMs = sink.FirstEventMs,
            LastEventMs = sink.LastEventMs,
        };
    }

    // Audio position of each frame boundary: starts[i] .. starts[i + 1] is frame i.
    private static long[] FrameStarts(IReadOnlyList<byte[]> frames, double bytesPerMs)
    {
        var starts = new long[frames.Count + 1];
        long bytes = 0;
        for (var i = 0; i < frames.Count; i++)
        {
            bytes += frames[i].Length;
            starts[i + 1] = (long)Math.Round(bytes / bytesPerMs);
        }

        return starts;
    }

    private async Task ReportProgressAsync(long runStart, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                progress.WriteLine(
                    $"  [{Stopwatch.GetElapsedTime(runStart).TotalSeconds,6:0.0} s] connected {Volatile.Read(ref _connected)}/{options.Sessions}, " +
                    $"streaming {Volatile.Read(ref _streaming)}, done {Volatile.Read(ref _done)}, failed {Volatile.Read(ref _failed)}, " +
                    $"frames sent {Interlocked.Read(ref _framesSent)}");
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Load session {Index} started as {SessionId}")]
    private static partial void LogSessionStarted(ILogger logger, int index, string sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Load session {Index} failed unexpectedly")]
    private static partial void LogSessionCrashed(ILogger logger, int index, Exception exception);
}
