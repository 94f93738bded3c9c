using Google.Protobuf;
using Grpc.Core;
using Nvidia.Riva.Asr;

namespace Hybrid.Grains.Asr;

/// <summary>
/// One open <c>StreamingRecognize</c> call: audio goes out, results come back. Writes must not
/// overlap; the session grain's turns guarantee that.
/// </summary>
public sealed class RivaStream : IDisposable
{
    private readonly AsyncDuplexStreamingCall<StreamingRecognizeRequest, StreamingRecognizeResponse> _call;
    private bool _completed;

    internal RivaStream(AsyncDuplexStreamingCall<StreamingRecognizeRequest, StreamingRecognizeResponse> call) => _call = call;

    /// <summary>Sends one audio message.</summary>
    public Task WriteAsync(ReadOnlyMemory<byte> pcm, CancellationToken cancellationToken) =>
        _call.RequestStream.WriteAsync(new StreamingRecognizeRequest { AudioContent = ByteString.CopyFrom(pcm.Span) }, cancellationToken);

    /// <summary>Half-closes the request side: the server flushes its last utterance and ends the call.</summary>
    public async Task CompleteAsync()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        await _call.RequestStream.CompleteAsync();
    }

    /// <summary>All results until the server ends the call. Throws <see cref="RpcException"/> on failure.</summary>
    public async IAsyncEnumerable<AsrResult> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var response in _call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            foreach (var result in RivaResponseMapper.Map(response))
            {
                yield return result;
            }
        }
    }

    /// <summary>Cancels the call if it is still running and frees its HTTP/2 stream.</summary>
    public void Dispose() => _call.Dispose();
}
