using System.Threading.Channels;
using Hybrid.Protocol;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Hybrid.Integration.Tests.Infrastructure;

/// <summary>A real SignalR client of the transcription hub that records every event it receives, in order.</summary>
public sealed class HubClient : IAsyncDisposable
{
    private readonly List<object> _events = [];
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<TranscriptMessage>(HubNames.Transcript, Record);
        connection.On<SessionStatusMessage>(HubNames.SessionStatus, Record);
        connection.On<ErrorMessage>(HubNames.Error, Record);
    }

    public HubConnection Connection { get; }

    public static async Task<HubClient> ConnectAsync(SystemFixture system, string user, bool messagePack = false) =>
        await ConnectAsync(system.BaseUri, await system.TokenAsync(user), messagePack);

    public static async Task<HubClient> ConnectAsync(Uri baseUri, string token, bool messagePack = false)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, HubNames.Route), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token));
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var client = new HubClient(builder.Build());
        await client.Connection.StartAsync();
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

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

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
