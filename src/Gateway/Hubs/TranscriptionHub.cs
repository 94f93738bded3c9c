using System.Threading.Channels;
using Hybrid.Grains.Interfaces;
using Hybrid.Protocol;
using Hybrid.Grains.Interfaces.Live;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Hybrid.Gateway.Hubs;

/// <summary>
/// The live path (see docs/protocol.md): a browser streams PCM frames here; the hub forwards them to the
/// session's grain and relays the grain's transcript events back. Stateless: everything that must
/// survive lives in the grain.
/// </summary>
[Authorize]
public sealed partial class TranscriptionHub(
    IClusterClient cluster,
    SessionFeeds feeds,
    RecognizerCatalog recognizer,
    IOptions<LiveOptions> options,
    ILogger<TranscriptionHub> logger) : Hub
{
    private readonly LiveOptions _limits = options.Value;

    private string UserId => Context.UserIdentifier ?? throw HubErrors.Create(ErrorCodes.NotFound, "no user");

    /// <summary>
    /// Starts a new session, or resumes <c>sessionId</c> from its <c>nextSeq</c>. Every argument is
    /// checked (also against the recognizer's languages and models) before anything is created.
    /// </summary>
    public async Task<StartSessionResponse> StartSession(StartSessionRequest? request)
    {
        request ??= new StartSessionRequest();
        var sessionOptions = StartRequestValidator.ToOptions(request, _limits);
        StartRequestValidator.CheckAgainst(sessionOptions, await recognizer.GetAsync(Context.ConnectionAborted));
        var sessionId = request.SessionId ?? Guid.NewGuid().ToString("N");
        var userId = UserId;
        SessionStartResult result;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                result = await cluster.GetGrain<ISessionGrain>(sessionId).Start(userId, sessionOptions);
                break;
            }
            catch (SessionException ex) when (ex.Code == ErrorCodes.CapacityExhausted && ex.RetryAfterSeconds == 0 && attempt < 3)
            {
                // Placement saw room elsewhere (a stale view); the refused activation left, so try once more.
            }
            catch (SessionException ex)
            {
                LogStartRefused(logger, sessionId, ex.Code);
                throw HubErrors.From(ex);
            }
        }

        if (request.SessionId is not null && request.LastSegmentId is { } last)
        {
            await feeds.SendMissedFinalsAsync(Context.ConnectionId, sessionId, userId, last);
        }

        feeds.Restart(Context.ConnectionId, sessionId, userId);
        LogStarted(logger, sessionId, Context.ConnectionId, result.Resumed, result.NextSeq);
        return new StartSessionResponse(result.SessionId, result.SampleRate, result.FrameMs, result.NextSeq);
    }

    /// <summary>
    /// Receives the client's frame stream for a session. A bad frame is reported on <c>Error</c> and
    /// skipped; the stream and the session go on. Completes when the client ends the stream.
    /// </summary>
    public async Task UploadAudio(string sessionId, ChannelReader<AudioFrame?> frames)
    {
        if (!StartRequestValidator.IsValidSessionId(sessionId))
        {
            throw HubErrors.Create(ErrorCodes.NotFound, "no such session");
        }

        var userId = UserId;
        var grain = cluster.GetGrain<ISessionGrain>(sessionId);
        var feed = feeds.Get(Context.ConnectionId, sessionId, userId);
        var upload = feed.BeginUpload(() => frames.CanCount ? frames.Count : 0);
        SessionException? refused = null;
        try
        {
            while (await frames.WaitToReadAsync(Context.ConnectionAborted))
            {
                while (true)
                {
                    upload.Busy();
                    if (!frames.TryRead(out var frame))
                    {
                        upload.Idle();
                        break;
                    }

                    try
                    {
                        // After a refusal, keep draining: failing the call while the client is still sending
                        // items would make SignalR drop the whole connection. The client already has the Error.
                        refused ??= await ForwardAsync(grain, userId, sessionId, frame);
                    }
                    finally
                    {
                        upload.Idle();
                    }
                }
            }

            if (refused is not null)
            {
                throw HubErrors.From(refused);
            }
        }
        finally
        {
            feed.EndUpload(upload);
        }
    }

    /// <summary>
    /// Ends the session's audio and returns after every final for it has been sent to this
    /// connection when this connection receives the session's events; from any other connection of
    /// the owner it returns once the session has stopped.
    /// </summary>
    public async Task<StopSessionResponse> StopSession(string sessionId)
    {
        if (!StartRequestValidator.IsValidSessionId(sessionId))
        {
            throw HubErrors.Create(ErrorCodes.NotFound, "no such session");
        }

        var userId = UserId;
        var feed = feeds.Find(Context.ConnectionId, sessionId);
        using var timeout = new CancellationTokenSource(_limits.StopTimeout);
        Task? delivered = null;
        if (feed is not null)
        {
            // Frames the client sent before calling Stop may still be on their way to the grain.
            await feed.WaitUploadsDrainedAsync(timeout.Token);
            lock (feed)
            {
                // A connection that only uploaded (another connection receives the events) has no
                // delivery to wait for.
                delivered = feed.IsForwarding ? feed.Delivered : null;
            }
        }

        SessionStopResult result;
        try
        {
            result = await cluster.GetGrain<ISessionGrain>(sessionId).Stop(userId);
        }
        catch (SessionException ex)
        {
            throw HubErrors.From(ex);
        }

        if (delivered is not null)
        {
            await delivered.WaitAsync(timeout.Token);
        }

        return new StopSessionResponse(sessionId, result.Finals, result.AudioMs, result.NextSeq);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        feeds.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Checks one frame and hands it to the grain; returns the refusal that ends the upload, if any.</summary>
    private async Task<SessionException?> ForwardAsync(ISessionGrain grain, string userId, string sessionId, AudioFrame? frame)
    {
        if (await RejectAsync(sessionId, frame))
        {
            return null;
        }

        try
        {
            await grain.PushAudio(userId, [new PcmFrame(frame!.Seq, frame.Pcm)]);
            return null;
        }
        catch (SessionException ex) when (ex.Code == ErrorCodes.InvalidArgument)
        {
            await SendErrorAsync(sessionId, ex.Code, ex.Message);
            return null;
        }
        catch (SessionException ex)
        {
            // Browsers often send streams fire-and-forget and never see the invocation fail:
            // tell them on the Error channel too.
            LogUploadRefused(logger, sessionId, ex.Code);
            await SendErrorAsync(sessionId, ex.Code, ex.Message);
            return ex;
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The silo holding the session is gone (or unreachable): the client must resume.
            LogUploadRefused(logger, sessionId, ex.GetType().Name);
            var refused = new SessionException(ErrorCodes.ResumeRequired,
                "the session's node was lost; call StartSession with this sessionId and send from the nextSeq it returns");
            await SendErrorAsync(sessionId, refused.Code, refused.Message);
            return refused;
        }
    }

    private async Task<bool> RejectAsync(string sessionId, AudioFrame? frame)
    {
        if (FrameRules.Check(frame, _limits.MaxFrameBytes) is not { } problem)
        {
            return false;
        }

        if (problem.Code == ErrorCodes.FrameTooLarge)
        {
            LogFrameTooLarge(logger, sessionId, frame!.Seq, frame.Pcm.Length);
        }

        await SendErrorAsync(sessionId, problem.Code, problem.Message);
        return true;
    }

    private async Task SendErrorAsync(string sessionId, string code, string message)
    {
        if (code == ErrorCodes.ResumeRequired)
        {
            // The session lost its node: say so in the status stream too, whatever the feed saw.
            await Clients.Caller.SendAsync(HubNames.SessionStatus,
                new SessionStatusMessage(sessionId, SessionStates.Reconnecting, string.Empty, string.Empty, message));
        }

        await Clients.Caller.SendAsync(HubNames.Error, new ErrorMessage(sessionId, code, message));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} started on connection {ConnectionId} (resumed: {Resumed}, next frame {NextSeq})")]
    private static partial void LogStarted(ILogger logger, string sessionId, string connectionId, bool resumed, long nextSeq);

    [LoggerMessage(Level = LogLevel.Information, Message = "StartSession {SessionId} refused: {Code}")]
    private static partial void LogStartRefused(ILogger logger, string sessionId, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "UploadAudio {SessionId} refused: {Code}")]
    private static partial void LogUploadRefused(ILogger logger, string sessionId, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: frame {Seq} of {Bytes} bytes rejected as too large")]
    private static partial void LogFrameTooLarge(ILogger logger, string sessionId, long seq, int bytes);
}
