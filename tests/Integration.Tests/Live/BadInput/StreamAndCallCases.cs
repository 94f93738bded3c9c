using static Hybrid.Integration.Tests.Live.BadInput.CaseBuilders;

namespace Hybrid.Integration.Tests.Live.BadInput;

/// <summary>
/// Bad <c>UploadAudio</c> frames (sent into a good session, which must go on: the runner sends
/// frames 0..2 after them and expects <c>nextSeq</c> 3 at stop) and bad calls of the other methods.
/// </summary>
public static class StreamAndCallCases
{
    public static IEnumerable<BadInputCase> Frames =>
    [
        Frames("frame null", [null], Invalid),
        Frames("pcm a number", [Frame(0L, 5L)], Invalid),
        Frames("pcm an array of numbers", [Frame(0L, new object?[] { 1L, 2L })], Invalid),
        Frames("pcm an object", [Frame(0L, new Map { ["a"] = 1L })], Invalid),
        // MessagePack reads a str where it expects bin as its UTF-8 bytes (an even count here: accepted as audio).
        Frames("pcm not base64", [Frame(0L, "!!!not base64!!!")], Invalid) with { OverMessagePack = (Answer.ErrorEvents, []) },
        Frames("pcm true", [Frame(0L, true)], Invalid),
        Frames("pcm null", [Frame(0L, null)], Invalid),
        Frames("pcm missing", [new Map { ["seq"] = 0L }], Invalid),
        Frames("pcm empty", [Frame(0L, Pcm(0))], Invalid),
        Frames("pcm odd byte count", [Frame(0L, Pcm(3201))], Invalid),
        Frames("pcm one byte", [Frame(0L, Pcm(1))], Invalid),
        Frames("pcm over the frame limit", [Frame(0L, Pcm(20_000))], "frame_too_large"),
        Frames("pcm one sample over the limit", [Frame(0L, Pcm(16_002))], "frame_too_large"),
        Frames("pcm exactly at the limit", [Frame(0L, Pcm(16_000))]),
        Frames("seq a string", [Frame("0", Pcm())], Invalid),
        Frames("seq with a fraction", [Frame(1.5, Pcm())], Invalid),
        Frames("seq 1e20", [Frame(1e20, Pcm())], Invalid),
        Frames("seq negative", [Frame(-1L, Pcm())], Invalid),
        Frames("seq null", [Frame(null, Pcm())], Invalid),
        Frames("seq true", [Frame(true, Pcm())], Invalid),
        Frames("seq an array", [Frame(new object?[] { 0L }, Pcm())], Invalid),
        Frames("seq missing means 0", [new Map { ["pcm"] = Pcm() }]),
        Frames("frame a string", ["hello"], Invalid),
        Frames("frame a number", [42L], Invalid),
        Frames("frame an array", [new object?[] { 0L, Pcm() }], Invalid),
        Frames("frame an empty object", [new Map()], Invalid),
        Frames("frame nested 500 deep", [Nested(500)], Invalid),
        Frames("frame with an unknown property", [new Map { ["seq"] = 0L, ["pcm"] = Pcm(), ["extra"] = "x" }]),
        Frames("three bad frames in a row", [null, Frame("x", Pcm()), Frame(0L, Pcm(0))], Invalid, Invalid, Invalid),
        Frames("a duplicate of a frame is ignored", [Frame(0L, Pcm()), Frame(0L, Pcm())]),
    ];

    public static IEnumerable<BadInputCase> Calls =>
    [
        Call("stop an unknown session", "StopSession", ["nosuchsession123"], NotFound),
        Call("stop an empty session id", "StopSession", [string.Empty], NotFound),
        Call("stop a null session id", "StopSession", [null], NotFound),
        Call("stop a session id with a path", "StopSession", ["../../etc/passwd"], NotFound),
        Call("stop a 10k session id", "StopSession", [new string('x', 10_000)], NotFound),
        Call("stop with a number", "StopSession", [42L], Invalid, "'StopSession'"),
        Call("stop with an object", "StopSession", [new Map { ["sessionId"] = "nosuchsession123" }], Invalid),
        Call("stop with two arguments", "StopSession", ["nosuchsession123", "again"], Invalid),
        Call("stop with no argument", "StopSession", [], Invalid),
        Call("stop with a 500 deep argument", "StopSession", [Nested(500)], Invalid),
        Call("upload without a stream", "UploadAudio", ["nosuchsession123"], Invalid, "stream"),
        Call("upload with no arguments", "UploadAudio", [], Invalid),
        Call("an unknown method", "DoesNotExist", [], Invalid, "'DoesNotExist'"),
        Call("a lifecycle method", "OnConnectedAsync", [], Invalid),
        Call("the disconnect handler", "OnDisconnectedAsync", [null], Invalid),
        Call("Dispose", "Dispose", [], Invalid),
        Call("a method name with spaces", "Start Session", [], Invalid, "of that name"),
        Call("a method name with a quote", "Stop'Session", ["x"], Invalid),
        Call("a method name of 1000 characters", new string('M', 1000), [], Invalid, "of that name"),
        Call("an event name as a method", "Transcript", [new Map()], Invalid),
    ];
}
