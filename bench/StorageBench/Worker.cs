using System.Diagnostics;

namespace Hybrid.Bench.Storage;

/// <summary>
/// One concurrent session: its own user, one request in flight at a time, looping
/// presign → PUT → complete over seq 0, 1, 2, … until the run's end (or <see cref="Options.MaxChunks"/>,
/// then a new session of the same user).
/// </summary>
public sealed class Worker(int index, string token, Api api, Options options, byte[] chunk, Recorder recorder)
{
    private string _sessionId = string.Empty;
    private int _seq;

    public int Index { get; } = index;
    public int SessionsUsed { get; private set; }
    public int ChunksStored { get; private set; }

    public async Task NewSessionAsync()
    {
        _sessionId = await api.CreateSessionAsync(token);
        _seq = 0;
        SessionsUsed++;
    }

    public async Task RunAsync(Stopwatch clock, TimeSpan stopAt)
    {
        while (clock.Elapsed < stopAt)
        {
            if (_seq >= options.MaxChunks)
            {
                try
                {
                    await NewSessionAsync();
                }
                catch (Exception ex)
                {
                    recorder.Error(clock.Elapsed, Index, ToStepException("create", ex));
                    await Task.Delay(100);
                    continue;
                }
            }

            var seq = _seq++;
            var step = "presign";
            var t0 = clock.Elapsed;
            try
            {
                var grant = await api.PresignAsync(token, _sessionId, seq, (long)seq * options.ChunkMs, (long)(seq + 1) * options.ChunkMs, chunk.Length);
                var t1 = clock.Elapsed;
                step = "put";
                await api.PutAsync(grant, chunk);
                var t2 = clock.Elapsed;
                step = "complete";
                await api.CompleteAsync(token, _sessionId, seq, grant.ObjectKey, chunk.Length);
                var t3 = clock.Elapsed;
                ChunksStored++;
                recorder.RoundTrip(new Sample(Index, seq, t0.TotalMilliseconds, (t1 - t0).TotalMilliseconds, (t2 - t1).TotalMilliseconds,
                    (t3 - t2).TotalMilliseconds, (t3 - t0).TotalMilliseconds));
            }
            catch (Exception ex)
            {
                recorder.Error(t0, Index, ToStepException(step, ex));
            }
        }
    }

    private static StepException ToStepException(string step, Exception ex) => ex switch
    {
        StepException s => s,
        TaskCanceledException => new StepException(step, 0, "timeout", ex.Message),
        HttpRequestException h => new StepException(step, 0, "connection", h.Message),
        _ => new StepException(step, 0, ex.GetType().Name, ex.Message),
    };
}

/// <summary>One completed round trip; times in ms on the run's clock.</summary>
public readonly record struct Sample(int Worker, int Seq, double StartMs, double PresignMs, double PutMs, double CompleteMs, double TotalMs);
