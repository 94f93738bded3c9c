using Hybrid.Protocol;

namespace Hybrid.Client;

public sealed partial class LiveSession
{
    private bool IsCurrent(int generation)
    {
        lock (_gate)
        {
            return generation == _generation && !_closing;
        }
    }

    /// <summary>The events of one connection of the session; a replaced connection's signals are ignored.</summary>
    private sealed class ConnectionSink(LiveSession owner, int generation) : ISessionEventSink
    {
        public void OnTranscript(TranscriptMessage message, long receivedAt)
        {
            if (message.SessionId != owner.SessionId && owner.SessionId.Length > 0)
            {
                return;
            }

            // A final resent after a resume is dropped here, so the caller shows each final once.
            if (owner.Transcript.Accept(message) is TranscriptUpdate.Final or TranscriptUpdate.Partial)
            {
                owner._sink?.OnTranscript(message, receivedAt);
            }
        }

        public void OnStatus(SessionStatusMessage message)
        {
            if (IsOurs(message.SessionId))
            {
                owner._sink?.OnStatus(message);
            }
        }

        public void OnError(ErrorMessage message)
        {
            if (!IsOurs(message.SessionId))
            {
                return;
            }

            if (message.Code is ErrorCodes.ResumeRequired or ErrorCodes.SessionEnded && owner.IsCurrent(generation))
            {
                owner.Signal("error:" + message.Code, message.Message);
            }

            owner._sink?.OnError(message);
        }

        public void OnClosed(Exception? error)
        {
            // A lost connection is resumed on a new one; only a give-up reaches the caller (as an exception).
            if (owner.IsCurrent(generation))
            {
                owner.Signal("connection_closed", error?.Message ?? "the connection closed");
            }
        }

        private bool IsOurs(string? sessionId) =>
            sessionId is null || owner.SessionId.Length == 0 || sessionId == owner.SessionId;
    }
}
