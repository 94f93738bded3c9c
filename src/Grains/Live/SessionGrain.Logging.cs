using Microsoft.Extensions.Logging;

namespace Hybrid.Grains.Live;

/// <summary>The session grain's log messages.</summary>
public sealed partial class SessionGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} streaming from frame {NextSeq} at {AudioMs} ms")]
    private static partial void LogStarted(ILogger logger, string sessionId, long nextSeq, long audioMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} {State}: {Finals} finals, {AudioMs} ms of audio")]
    private static partial void LogStopped(ILogger logger, string sessionId, string state, int finals, long audioMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: frames {FromSeq}..{ToSeqExclusive} missing; filled with silence")]
    private static partial void LogGap(ILogger logger, string sessionId, long fromSeq, long toSeqExclusive);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the recognizer did not drain within {Timeout}")]
    private static partial void LogDrainTimeout(ILogger logger, string sessionId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: no audio for {Timeout}; stopping the abandoned stream")]
    private static partial void LogIdle(ILogger logger, string sessionId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: ASR failed with {Code}: {Message}")]
    private static partial void LogAsrFailed(ILogger logger, string sessionId, string code, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: handling a result failed ({Error}: {Message})")]
    private static partial void LogResultFailed(ILogger logger, string sessionId, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} activated after losing its previous host; waiting for the client to resume from frame {NextSeq}")]
    private static partial void LogAwaitingResume(ILogger logger, string sessionId, long nextSeq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} deactivated while streaming ({Reason}); the client must resume it")]
    private static partial void LogDeactivatedWhileStreaming(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: chunk {Seq} verified ({Bytes} bytes)")]
    private static partial void LogChunkVerified(ILogger logger, string sessionId, int seq, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} deleted with all its objects")]
    private static partial void LogDeleted(ILogger logger, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: {Count} events wait in the outbox: {Error}")]
    private static partial void LogOutboxPending(ILogger logger, string sessionId, int count, string error);
}
