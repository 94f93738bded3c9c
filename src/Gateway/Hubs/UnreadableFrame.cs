using Hybrid.Protocol;

namespace Hybrid.Gateway.Hubs;

/// <summary>
/// Stands in for an <c>UploadAudio</c> stream item the hub protocol could not read (a <c>pcm</c> that
/// is not bytes, a <c>seq</c> that is not an integer, …). SignalR would end the whole stream on such
/// an item; <see cref="CodedErrorHubProtocol"/> hands this instance on instead, so the hub reports
/// the one bad frame and the stream goes on, like any other bad frame.
/// </summary>
public static class UnreadableFrame
{
    /// <summary>The marker (compared by reference).</summary>
    public static readonly AudioFrame Instance = new(-1, []);

    public static bool Is(AudioFrame? frame) => ReferenceEquals(frame, Instance);
}
