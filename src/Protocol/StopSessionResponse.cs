using MessagePack;

namespace Hybrid.Protocol;

/// <summary>Result of <c>StopSession</c>, sent after the last final was delivered.</summary>
/// <param name="Finals">Final segments the session produced in all.</param>
/// <param name="AudioReceivedMs">Milliseconds of audio the server accepted (gap fill included).</param>
/// <param name="NextSeq">The next frame sequence number the server would expect.</param>
[MessagePackObject]
public sealed record StopSessionResponse(
    [property: Key("sessionId")] string SessionId,
    [property: Key("finals")] int Finals,
    [property: Key("audioReceivedMs")] long AudioReceivedMs,
    [property: Key("nextSeq")] long NextSeq);
