using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Hybrid.Protocol;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hybrid.Cli.Client;

/// <summary>
/// One SignalR connection to the transcription hub, shared by <c>transcribe</c> and <c>load</c>:
/// connect with a bearer token, start a session, stream frames, stop. Hub failures come out as
/// <see cref="CliException"/> with the server's code.
/// </summary>
public sealed partial class LiveConnection : IAsyncDisposable
{
    private static readonly TimeSpan UploadGrace = TimeSpan.FromSeconds(10);
    private readonly HubConnection _connection;
    private readonly ILogger _logger;

    private LiveConnection(HubConnection connection, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
    }

    public string? ConnectionId => _connection.ConnectionId;

    /// <summary>Connects and subscribes <paramref name="sink"/> to the session events.</summary>
    public static async Task<LiveConnection> ConnectAsync(
        HubClientOptions options, string token, ISessionEventSink sink, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(options.HubUrl, http =>
            {
                http.AccessTokenProvider = () => Task.FromResult<string?>(token);
                // Browsers use WebSockets; the other transports would measure something else.
                http.Transports = HttpTransportType.WebSockets;
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

        var logger = loggerFactory.CreateLogger<LiveConnection>();
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
        return new LiveConnection(connection, logger);
    }

    public Task<StartSessionResponse> StartSessionAsync(StartSessionRequest request, CancellationToken cancellationToken) =>
        CallAsync(() => _connection.InvokeAsync<StartSessionResponse>(HubNames.StartSession, request, cancellationToken), HubNames.StartSession);

    /// <summary>Resolves after the server delivered every final for the audio sent.</summary>
    public Task StopSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            await _connection.InvokeAsync(HubNames.StopSession, sessionId, cancellationToken);
            return true;
        }, HubNames.StopSession);

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
        // A small bound gives back-pressure from the socket without buffering seconds of audio.
        var channel = Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(pacer is null ? 8 : 2)
        {
            SingleReader = true,
            SingleWriter = true,
        });

        // Invoke (not Send) so the call completes when the server has consumed the stream and a
        // server-side failure (not_found, session_ended, ...) reaches us instead of only its log.
        Task upload;
        try
        {
            upload = _connection.InvokeAsync(HubNames.UploadAudio, sessionId, channel.Reader, CancellationToken.None);
        }
        catch (Exception ex)
        {
            throw HubError.Translate(ex, HubNames.UploadAudio);
        }

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

        await CallAsync(async () =>
        {
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

            return true;
        }, HubNames.UploadAudio);
        LogUploaded(_logger, sessionId, sent);
        return sent;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.StopAsync();
        }
        catch (Exception ex)
        {
            // Closing a broken connection fails too; nothing is lost by ignoring it.
            LogCloseFailed(_logger, ex);
        }

        await _connection.DisposeAsync();
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call, string operation)
    {
        try
        {
            return await call();
        }
        catch (Exception ex)
        {
            throw HubError.Translate(ex, operation);
        }
    }

    private static Exception ConnectFailure(HubClientOptions options, Exception ex) => ex switch
    {
        HttpRequestException { StatusCode: HttpStatusCode.Unauthorized } =>
            new CliException(ExitCodes.Connection, $"the gateway refused the token (401) at {options.HubUrl}; get a fresh one or drop --token", inner: ex),
        HttpRequestException { StatusCode: HttpStatusCode.Forbidden } =>
            new CliException(ExitCodes.Connection, $"the gateway denied access (403) at {options.HubUrl}", inner: ex),
        HttpRequestException { StatusCode: HttpStatusCode.NotFound } =>
            new CliException(ExitCodes.Connection, $"no transcription hub at {options.HubUrl} (404); check --url", inner: ex),
        OperationCanceledException or TimeoutException =>
            new CliException(ExitCodes.Connection, $"connecting to {options.HubUrl} timed out", inner: ex),
        _ => new CliException(ExitCodes.Connection, $"cannot connect to {options.HubUrl}: {ex.Message}", inner: ex),
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
