using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Hybrid.Protocol;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hybrid.Client;

/// <summary>
/// One SignalR connection to the transcription hub: connect with a bearer token, start a session,
/// stream frames, stop. Hub failures come out as <see cref="HubCallException"/> with the server's
/// code, transport failures as <see cref="HubConnectionException"/>. No resume here:
/// <see cref="LiveSession"/> adds that on top.
/// </summary>
public sealed partial class HubSessionConnection : IAsyncDisposable
{
    private static readonly TimeSpan UploadGrace = TimeSpan.FromSeconds(10);
    private readonly HubClientOptions _options;
    private readonly ILogger _logger;

    private HubSessionConnection(HubConnection connection, HubClientOptions options, ILogger logger)
    {
        Connection = connection;
        _options = options;
        _logger = logger;
    }

    /// <summary>The underlying SignalR connection (for callers that speak the hub directly).</summary>
    public HubConnection Connection { get; }

    /// <summary>The server's id of this connection.</summary>
    public string? ConnectionId => Connection.ConnectionId;

    /// <summary>True while the connection is up.</summary>
    public bool IsConnected => Connection.State == HubConnectionState.Connected;

    /// <summary>Connects and subscribes <paramref name="sink"/> to the session events.</summary>
    public static async Task<HubSessionConnection> ConnectAsync(
        HubClientOptions options, ISessionEventSink sink, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        loggerFactory ??= NullLoggerFactory.Instance;
        var token = await options.TokenFactory(cancellationToken);
        var builder = new HubConnectionBuilder()
            .WithUrl(options.HubUrl, http =>
            {
                // A reconnect made by SignalR itself would ask again: keep the newest token.
                http.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (options.WebSocketsOnly)
                {
                    // Browsers use WebSockets; the other transports would measure something else.
                    http.Transports = HttpTransportType.WebSockets;
                }
            });
        builder.Services.AddSingleton(loggerFactory);
        if (options.Protocol == HubProtocolKind.MessagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var connection = builder.Build();
        connection.On<TranscriptMessage>(HubNames.Transcript, message => sink.OnTranscript(message, Stopwatch.GetTimestamp()));
        connection.On<SessionStatusMessage>(HubNames.SessionStatus, sink.OnStatus);
        connection.On<ErrorMessage>(HubNames.Error, sink.OnError);
        connection.Closed += error =>
        {
            sink.OnClosed(error);
            return Task.CompletedTask;
        };

        var logger = loggerFactory.CreateLogger<HubSessionConnection>();
        try
        {
            await connection.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            throw ConnectFailure(options, ex);
        }

        LogConnected(logger, options.HubUrl, options.Protocol, connection.ConnectionId);
        return new HubSessionConnection(connection, options, logger);
    }

    /// <summary>Starts a session, or resumes <see cref="StartSessionRequest.SessionId"/>.</summary>
    public Task<StartSessionResponse> StartSessionAsync(StartSessionRequest request, CancellationToken cancellationToken) =>
        CallAsync(() => Connection.InvokeAsync<StartSessionResponse>(HubNames.StartSession, request, cancellationToken)
            .WaitAsync(_options.CallTimeout, cancellationToken), HubNames.StartSession);

    /// <summary>Resolves after the server delivered every final for the audio sent.</summary>
    public Task<StopSessionResponse> StopSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        CallAsync(() => Connection.InvokeAsync<StopSessionResponse>(HubNames.StopSession, sessionId, cancellationToken), HubNames.StopSession);

    /// <summary>
    /// Opens an <c>UploadAudio</c> stream fed from <paramref name="frames"/>. The task completes
    /// when the server has consumed the stream, or fails with its coded refusal.
    /// </summary>
    public Task OpenUpload(string sessionId, ChannelReader<AudioFrame> frames)
    {
        try
        {
            // Invoke (not Send) so the call completes when the server has consumed the stream and a
            // server-side failure (not_found, resume_required, ...) reaches us instead of only its log.
            return CallAsync(async () =>
            {
                await Connection.InvokeAsync(HubNames.UploadAudio, sessionId, frames, CancellationToken.None);
                return true;
            }, HubNames.UploadAudio);
        }
        catch (Exception ex)
        {
            return Task.FromException(HubFailures.Translate(ex, HubNames.UploadAudio));
        }
    }

    /// <summary>
    /// Streams <c>frames[firstSeq..]</c> with <c>seq</c> = index, paced by <paramref name="pacer"/>
    /// (null: as fast as the connection takes them). Cancelling ends the stream normally, so the
    /// server keeps what it got. Returns the number of frames handed to the connection.
    /// </summary>
    /// <param name="onSending">Called with (seq, monotonic timestamp) just before a frame goes out.</param>
    public async Task<int> UploadAsync(
        string sessionId,
        IReadOnlyList<byte[]> frames,
        long firstSeq,
        FramePacer? pacer,
        Action<long, long>? onSending,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);

        // A small bound gives back-pressure from the socket without buffering seconds of audio.
        var channel = Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(pacer is null ? 8 : 2)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        var upload = OpenUpload(sessionId, channel.Reader);

        // If the server ends the call early, stop waiting on a channel nobody reads any more.
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = upload.ContinueWith(_ => stopWriting.Cancel(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        var sent = 0;
        pacer?.Start();
        try
        {
            for (var seq = Math.Max(0, firstSeq); seq < frames.Count; seq++)
            {
                if (pacer is not null)
                {
                    await pacer.WaitForAsync(seq - firstSeq, stopWriting.Token);
                }

                onSending?.Invoke(seq, Stopwatch.GetTimestamp());
                await channel.Writer.WriteAsync(new AudioFrame(seq, frames[(int)seq]), stopWriting.Token);
                sent++;
            }
        }
        catch (OperationCanceledException) when (stopWriting.IsCancellationRequested)
        {
            // Cancelled by the caller or by the server ending the call; either way, close the stream.
        }
        finally
        {
            channel.Writer.TryComplete();
        }

        try
        {
            // The call completes once the server has taken every frame; a busy server can take long.
            await upload.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !upload.IsCompleted)
        {
            // Cancelled: give the server a moment to take what was sent, then stop waiting so a
            // deadline or Ctrl+C is not held up by a server that has fallen behind.
            try
            {
                await upload.WaitAsync(UploadGrace, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                LogUploadAbandoned(_logger, sessionId, UploadGrace.TotalSeconds);
            }
        }

        LogUploaded(_logger, sessionId, sent);
        return sent;
    }

    /// <summary>Closes the connection (a failure to close a broken one is ignored).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Connection.StopAsync();
        }
        catch (Exception ex)
        {
            // Closing a broken connection fails too; nothing is lost by ignoring it.
            LogCloseFailed(_logger, ex);
        }

        await Connection.DisposeAsync();
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call, string operation)
    {
        try
        {
            return await call();
        }
        catch (Exception ex)
        {
            throw HubFailures.Translate(ex, operation);
        }
    }

    private static HubConnectionException ConnectFailure(HubClientOptions options, Exception ex) => ex switch
    {
        HttpRequestException { StatusCode: HttpStatusCode.Unauthorized } =>
            new($"the gateway refused the token (401) at {options.HubUrl}", ex) { StatusCode = 401 },
        HttpRequestException { StatusCode: HttpStatusCode.Forbidden } =>
            new($"the gateway denied access (403) at {options.HubUrl}", ex) { StatusCode = 403 },
        HttpRequestException { StatusCode: HttpStatusCode.NotFound } =>
            new($"no transcription hub at {options.HubUrl} (404)", ex) { StatusCode = 404 },
        OperationCanceledException or TimeoutException =>
            new($"connecting to {options.HubUrl} timed out", ex),
        _ => new($"cannot connect to {options.HubUrl}: {ex.Message}", ex),
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connected to {HubUrl} ({Protocol}), connection {ConnectionId}")]
    private static partial void LogConnected(ILogger logger, Uri hubUrl, HubProtocolKind protocol, string? connectionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId}: upload finished after {Frames} frames")]
    private static partial void LogUploaded(ILogger logger, string sessionId, int frames);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the server had not taken the whole upload {Seconds} s after cancellation; moving on")]
    private static partial void LogUploadAbandoned(ILogger logger, string sessionId, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the connection failed")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception);
}
