using MessagePack;

namespace Hybrid.Protocol;

/// <summary>One PCM16 little-endian mono frame of the <c>UploadAudio</c> stream.</summary>
/// <param name="Seq">Increasing frame number; duplicates are ignored, gaps reported.</param>
/// <param name="Pcm">The samples (binary in MessagePack, base64 in JSON).</param>
[MessagePackObject]
public sealed record AudioFrame(
    [property: Key("seq")] long Seq,
    [property: Key("pcm")] byte[] Pcm);
