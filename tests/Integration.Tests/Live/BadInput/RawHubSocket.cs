using System.Net.WebSockets;
using System.Text;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;

namespace Hybrid.Integration.Tests.Live.BadInput;

/// <summary>
/// A SignalR client on a bare WebSocket: it speaks the hub protocol (JSON or MessagePack) itself, so
/// a test can send any bytes and see every message the gateway answers with, including the reason
/// of a close.
/// </summary>
public sealed class RawHubSocket : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ClientWebSocket _socket = new();
    private readonly List<RawMessage> _received = [];
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private RawHubSocket(WireFormat format) => Format = format;

    public WireFormat Format { get; }

    /// <summary>True once the server sent Close or ended the socket.</summary>
    public bool Closed { get; private set; }

    /// <summary>The error of the server's Close message, if it sent one.</summary>
    public string? CloseError { get; private set; }

    public IReadOnlyList<RawMessage> Received
    {
        get
        {
            lock (_gate)
            {
                return _received.ToArray();
            }
        }
    }

    public static async Task<RawHubSocket> ConnectAsync(SystemFixture system, string user, WireFormat format)
    {
        var hub = new RawHubSocket(format);
        hub._socket.Options.SetRequestHeader("Authorization", "Bearer " + await system.TokenAsync(user));
        var uri = new UriBuilder(new Uri(system.BaseUri, HubNames.Route)) { Scheme = "ws" }.Uri;
        await hub._socket.ConnectAsync(uri, CancellationToken.None);
        await hub.SendAsync(WireCodec.Handshake(format));
        hub._receiving = hub.ReceiveAsync();
        await hub.WaitForAsync(m => m.Type == 0, "the handshake response");
        return hub;
    }

    public string NextId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sends one encoded hub message (or any bytes) as one WebSocket message (JSON as text, MessagePack as binary).</summary>
    public async Task SendAsync(byte[] bytes, bool binaryFrame = false) =>
        await _socket.SendAsync(bytes, Format == WireFormat.Json && !binaryFrame ? WebSocketMessageType.Text : WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

    /// <summary>Invokes <paramref name="target"/> and waits for its completion.</summary>
    public async Task<RawMessage> InvokeAsync(string target, params object?[] arguments)
    {
        var id = NextId();
        await SendAsync(WireCodec.Invocation(Format, id, target, arguments));
        return await CompletionAsync(id);
    }

    public Task<RawMessage> CompletionAsync(string invocationId) =>
        WaitForAsync(m => m.Type == RawMessage.Completion && m.InvocationId == invocationId, $"the completion of invocation {invocationId}");

    /// <summary>Waits for the server to close the connection; returns the close error.</summary>
    public async Task<string?> ClosedAsync()
    {
        await WaitAsync(() => Closed ? new RawMessage(RawMessage.Close, null, null, [], CloseError, null) : null, "the server to close the connection", closeFails: false);
        return CloseError;
    }

    /// <summary>Waits for a message matching <paramref name="predicate"/>.</summary>
    public Task<RawMessage> WaitForAsync(Func<RawMessage, bool> predicate, string what) =>
        WaitAsync(() => _received.FirstOrDefault(predicate), what, closeFails: true);

    private async Task<RawMessage> WaitAsync(Func<RawMessage?> find, string what, bool closeFails)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (find() is { } match)
                {
                    return match;
                }

                if (Closed && closeFails)
                {
                    Assert.Fail($"the connection closed ({CloseError}) while waiting for {what}; received: {string.Join(" | ", _received)}");
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out after {Patience} waiting for {what}; received: {string.Join(" | ", Received)}");
            }
        }
    }

    /// <summary>The <c>Error</c> events received so far (code, message).</summary>
    public IReadOnlyList<(string Code, string Message)> Errors =>
        Received.Where(m => m.Type == RawMessage.Invocation && m.Target == HubNames.Error)
            .Select(m => (m.Field("code") ?? string.Empty, m.Field("message") ?? string.Empty)).ToArray();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }

        await _receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var pending = new List<byte>();
        var handshakeDone = false;
        var chunk = new byte[64 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(chunk, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                pending.AddRange(chunk.AsSpan(0, result.Count));
                if (!handshakeDone)
                {
                    var end = pending.IndexOf(WireCodec.RecordSeparator);
                    if (end < 0)
                    {
                        continue;
                    }

                    var handshake = Encoding.UTF8.GetString(pending.GetRange(0, end).ToArray());
                    pending.RemoveRange(0, end + 1);
                    handshakeDone = true;
                    Record([new RawMessage(0, null, null, [], handshake.Contains("error") ? handshake : null, null)]);
                }

                var messages = new List<RawMessage>();
                var used = WireCodec.Read(Format, pending.ToArray(), messages);
                pending.RemoveRange(0, used);
                foreach (var close in messages.Where(m => m.Type == RawMessage.Close))
                {
                    CloseError = close.Error;
                }

                Record(messages);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The connection ended.
        }
        finally
        {
            Closed = true;
            Record([]);
        }
    }

    private void Record(IReadOnlyList<RawMessage> messages)
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            _received.AddRange(messages);
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }
}
