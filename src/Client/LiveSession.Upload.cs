using System.Threading.Channels;
using Hybrid.Protocol;

namespace Hybrid.Client;

public sealed partial class LiveSession
{
    private static readonly TimeSpan UploadGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// One <c>UploadAudio</c> call: resend the ring from the server's <c>nextSeq</c>, then capture
    /// and send new frames. Null: the source ended (or the caller cancelled) and the server took
    /// every frame; otherwise the reason the session must be resumed.
    /// </summary>
    private async Task<(string Kind, string Detail)?> UploadOnceAsync(CaptureState capture, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(_settings.SendQueue) { SingleReader = true, SingleWriter = true });
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (_gate)
        {
            if (_pendingResume is { } pending)
            {
                return pending;
            }

            _interrupt = interrupt;
        }

        var upload = Connection.OpenUpload(SessionId, channel.Reader);
        var writing = 1;

        // The server ending the call while we still send (a refusal, a lost connection) ends the writing.
        _ = upload.ContinueWith(t =>
        {
            if (Volatile.Read(ref writing) == 1)
            {
                if (t.IsFaulted && HubFailures.IsResumable(t.Exception!.GetBaseException()))
                {
                    Signal("upload_failed", t.Exception.GetBaseException().Message);
                }
                else
                {
                    interrupt.Cancel();
                }
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        try
        {
            foreach (var frame in Ring.From(_sendFrom))
            {
                _settings.OnSending?.Invoke(frame.Seq, Now(), true);
                await channel.Writer.WriteAsync(frame, interrupt.Token);
                _sendFrom = frame.Seq + 1;
            }

            while (await capture.NextAsync(this, interrupt.Token) is { } frame)
            {
                _settings.OnSending?.Invoke(frame.Seq, Now(), false);
                await channel.Writer.WriteAsync(frame, interrupt.Token);
                _sendFrom = frame.Seq + 1;
            }
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            // A signal, the server ending the call, or the caller cancelling: close the stream.
        }
        finally
        {
            Volatile.Write(ref writing, 0);
            channel.Writer.TryComplete();
            lock (_gate)
            {
                _interrupt = null;
            }
        }

        try
        {
            // The call completes once the server has taken every frame; a busy server can take long.
            await upload.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !upload.IsCompleted)
        {
            // Cancelled: give the server a moment to take what was sent, then stop waiting.
            try
            {
                await upload.WaitAsync(UploadGrace, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                return null;
            }
            catch (Exception ex) when (HubFailures.IsResumable(ex))
            {
                Signal("upload_failed", ex.Message);
            }
        }
        catch (Exception ex) when (HubFailures.IsResumable(ex))
        {
            Signal("upload_failed", ex.Message);
        }

        if (PendingResume() is { } reason)
        {
            return cancellationToken.IsCancellationRequested ? null : reason;
        }

        if (!capture.Ended && !cancellationToken.IsCancellationRequested)
        {
            // The server completed the call while frames were still to come.
            Signal("upload_ended", "the server ended the audio stream");
            return PendingResume();
        }

        return null;
    }

    /// <summary>Reconnects when needed and calls StartSession with the id until it answers.</summary>
    private async Task ResumeAsync(string kind, string detail, CancellationToken cancellationToken)
    {
        var calledAt = Now();
        var failures = new List<string>();
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(_settings.ResumeTimeout);
        var reconnected = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (_connection is not { IsConnected: true })
                {
                    await ConnectAsync(window.Token);
                    reconnected = true;
                }

                lock (_gate)
                {
                    // Signals from here on are about the resumed session.
                    _pendingResume = null;
                }

                var lastSegmentId = Transcript.LastSegmentId;
                var started = await Connection.StartSessionAsync(_request with { LastSegmentId = lastSegmentId }, window.Token);
                var resent = Math.Max(0, NextSeq - Math.Max(started.NextSeq, Ring.OldestSeq));
                var lost = started.NextSeq < NextSeq ? Ring.MissingBefore(started.NextSeq) : 0;
                _sendFrom = started.NextSeq;
                var info = new ResumeInfo(kind, started.NextSeq, resent, lost, reconnected, lastSegmentId, calledAt, Now(), failures);
                lock (_gate)
                {
                    _resumes.Add(info);
                }

                LogResumed(_logger, SessionId, started.NextSeq, resent, lost, reconnected);
                _settings.OnResumed?.Invoke(info);
                return;
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new HubConnectionException($"could not resume session {SessionId} within {_settings.ResumeTimeout.TotalSeconds:0} s ({kind}: {detail}; {failures.Count} failed attempts)");
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                failures.Add(ex.Message);
                LogResumeAttemptFailed(_logger, SessionId, attempt, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * attempt, 2000)), window.Token)
                    .ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Worth another resume attempt: a lost connection or a session that is being moved.</summary>
    private static bool IsTransient(Exception exception) => HubFailures.Translate(exception, HubNames.StartSession) switch
    {
        HubConnectionException connection => connection.StatusCode is null or 401,
        HubCallException call => call.Code is ErrorCodes.ResumeRequired or ErrorCodes.SessionEnded or ErrorCodes.CapacityExhausted
            or ErrorCodes.AsrUnavailable or ErrorCodes.Internal or HubErrorParser.UnknownCode,
        _ => false,
    };

    /// <summary>Frames from the caller's source, each captured into the ring at its paced moment.</summary>
    private sealed class CaptureState(IEnumerator<byte[]> source, FramePacer? pacer)
    {
        private byte[]? _held;

        public long Captured { get; private set; }

        public bool Ended { get; private set; }

        public async Task<AudioFrame?> NextAsync(LiveSession session, CancellationToken cancellationToken)
        {
            if (_held is null)
            {
                if (Ended || !source.MoveNext())
                {
                    Ended = true;
                    return null;
                }

                _held = source.Current;
            }

            if (pacer is not null)
            {
                await pacer.WaitForAsync(Captured, cancellationToken);
            }

            var frame = new AudioFrame(session.NextSeq, _held);
            session.Ring.Push(frame.Seq, frame.Pcm);
            session.NextSeq++;
            Captured++;
            _held = null;
            return frame;
        }
    }
}
