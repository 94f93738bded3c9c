using System.Threading.Channels;
using Hybrid.Client;
using Hybrid.Protocol;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hybrid.Integration.Tests.Infrastructure;

/// <summary>
/// A real SignalR client of the transcription hub that records every event it receives, in order.
/// The connection comes from the shared hub client (<see cref="HubSessionConnection"/>); the calls
/// stay raw hub calls, so a refusal surfaces as the <see cref="Microsoft.AspNetCore.SignalR.HubException"/> the hub sent.
/// </summary>
public sealed class HubClient : IAsyncDisposable, ISessionEventSink
{
    private readonly List<object> _events = [];
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HubSessionConnection _session = null!;

    private HubClient()
    {
    }

    public HubConnection Connection => _session.Connection;

    public static async Task<HubClient> ConnectAsync(SystemFixture system, string user, bool messagePack = false) =>
        await ConnectAsync(system.BaseUri, await system.TokenAsync(user), messagePack);

    public static async Task<HubClient> ConnectAsync(Uri baseUri, string token, bool messagePack = false)
    {
        var client = new HubClient();
        var options = new HubClientOptions(baseUri, messagePack ? HubProtocolKind.MessagePack : HubProtocolKind.Json, token) { WebSocketsOnly = false };
        client._session = await HubSessionConnection.ConnectAsync(options, client, loggerFactory: null, CancellationToken.None);
        return client;
    }

    /// <summary>Everything received so far, in arrival order.</summary>
    public IReadOnlyList<object> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToArray();
            }
        }
    }

    public IReadOnlyList<TranscriptMessage> Transcripts => Events.OfType<TranscriptMessage>().ToArray();

    public IReadOnlyList<TranscriptMessage> Finals => Transcripts.Where(t => t.IsFinal).ToArray();

    public IReadOnlyList<ErrorMessage> Errors => Events.OfType<ErrorMessage>().ToArray();

    public IReadOnlyList<SessionStatusMessage> Statuses => Events.OfType<SessionStatusMessage>().ToArray();

    public Task<StartSessionResponse> StartAsync(StartSessionRequest? request = null) =>
        Connection.InvokeAsync<StartSessionResponse>(HubNames.StartSession, request ?? new StartSessionRequest());

    /// <summary>Streams <paramref name="frames"/> through <c>UploadAudio</c> and waits until the hub has consumed them.</summary>
    public async Task UploadAsync(string sessionId, IEnumerable<AudioFrame> frames)
    {
        var channel = Channel.CreateUnbounded<AudioFrame>();
        var upload = Connection.InvokeAsync(HubNames.UploadAudio, sessionId, channel.Reader);
        foreach (var frame in frames)
        {
            await channel.Writer.WriteAsync(frame);
        }

        channel.Writer.Complete();
        await upload;
    }

    public Task<StopSessionResponse> StopAsync(string sessionId) => Connection.InvokeAsync<StopSessionResponse>(HubNames.StopSession, sessionId);

    /// <summary>Waits for an event matching <paramref name="predicate"/>.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> predicate, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var match = _events.OfType<T>().FirstOrDefault(predicate);
                if (match is not null)
                {
                    return match;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out after {timeout} waiting for {what}; received: {string.Join(" | ", Events)}");
            }
        }
    }

    public async ValueTask DisposeAsync() => await _session.DisposeAsync();

    void ISessionEventSink.OnTranscript(TranscriptMessage message, long receivedAt) => Record(message);

    void ISessionEventSink.OnStatus(SessionStatusMessage message) => Record(message);

    void ISessionEventSink.OnError(ErrorMessage message) => Record(message);

    void ISessionEventSink.OnClosed(Exception? error)
    {
    }

    private void Record<T>(T item)
        where T : notnull
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            _events.Add(item);
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }
}
