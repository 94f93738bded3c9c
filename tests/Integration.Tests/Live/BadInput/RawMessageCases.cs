using System.Text;
using static Hybrid.Integration.Tests.Live.BadInput.CaseBuilders;

namespace Hybrid.Integration.Tests.Live.BadInput;

/// <summary>
/// Messages that break the hub protocol itself. Whatever names an invocation id is answered on it
/// (id <c>raw</c>); fire-and-forget messages get no answer; only a message with nothing to answer
/// to closes the connection, with a coded reason.
/// </summary>
public static class RawMessageCases
{
    public static IEnumerable<BadInputCase> All =>
    [
        Raw("empty method name", Invocation("raw", string.Empty, ["nosuchsession123"]), Answer.Completion, mentions: "names no hub method"),
        Raw("method name missing", Both(
            new Map { ["type"] = 1L, ["invocationId"] = "raw", ["arguments"] = Array.Empty<object?>() },
            [1L, new Map(), "raw"]), Answer.Completion),
        Raw("method name null", Both(
            new Map { ["type"] = 1L, ["invocationId"] = "raw", ["target"] = null, ["arguments"] = Array.Empty<object?>() },
            [1L, new Map(), "raw", null, Array.Empty<object?>()]), Answer.Completion),
        Raw("method name a number", Both(
            new Map { ["type"] = 1L, ["invocationId"] = "raw", ["target"] = 5L, ["arguments"] = Array.Empty<object?>() },
            [1L, new Map(), "raw", 5L, Array.Empty<object?>()]), Answer.Completion),
        Raw("arguments not an array", Both(
            new Map { ["type"] = 1L, ["invocationId"] = "raw", ["target"] = "StopSession", ["arguments"] = "nosuchsession123" },
            [1L, new Map(), "raw", "StopSession", "nosuchsession123"]), Answer.Completion),
        Raw("arguments missing", Both(
            new Map { ["type"] = 1L, ["invocationId"] = "raw", ["target"] = "StopSession" },
            [1L, new Map(), "raw", "StopSession"]), Answer.Completion),
        Raw("arguments 500 deep", Invocation("raw", "StartSession", [Nested(500)]), Answer.Completion),
        Raw("arguments 5000 deep", Invocation("raw", "StartSession", [Nested(5000)]), Answer.Completion),
        Raw("an object 500 deep", Invocation("raw", "StartSession", [NestedObject(500)]), Answer.Completion),
        Raw("arguments 500 deep for an unknown method", Invocation("raw", "Nope", [Nested(500)]), Answer.Completion),
        Raw("two streams for upload", Invocation("raw", "UploadAudio", ["nosuchsession123"], ["s1", "s2"]), Answer.Completion, mentions: "stream"),
        Raw("a stream for stop", Invocation("raw", "StopSession", ["nosuchsession123"], ["s1"]), Answer.Completion, mentions: "stream"),
        Raw("stream invocation of a plain method", Both(
            new Map { ["type"] = 4L, ["invocationId"] = "raw", ["target"] = "StopSession", ["arguments"] = new object?[] { "nosuchsession123" } },
            [4L, new Map(), "raw", "StopSession", new object?[] { "nosuchsession123" }]), Answer.Completion),
        Raw("fire and forget stop", Invocation(null, "StopSession", ["nosuchsession123"]), Answer.Nothing),
        Raw("fire and forget unknown method", Invocation(null, "Nope", []), Answer.Nothing),
        Raw("fire and forget 500 deep", Invocation(null, "StartSession", [Nested(500)]), Answer.Nothing),
        Raw("invocation id a number", Both(
            new Map { ["type"] = 1L, ["invocationId"] = 7L, ["target"] = "StopSession", ["arguments"] = new object?[] { "x" } },
            [1L, new Map(), 7L, "StopSession", new object?[] { "x" }]), Answer.Nothing),
        Raw("stream item for an unknown stream", format => WireCodec.StreamItem(format, "nostream", Frame(0L, Pcm())), Answer.Nothing),
        Raw("completion of an unknown stream", format => WireCodec.StreamComplete(format, "nostream"), Answer.Nothing),
        Raw("cancel of an unknown invocation", Both(new Map { ["type"] = 5L, ["invocationId"] = "nothing" }, [5L, new Map(), "nothing"]), Answer.Nothing),
        Raw("a ping", Both(new Map { ["type"] = 6L }, [6L]), Answer.Nothing),
        Raw("an unknown message type", Both(new Map { ["type"] = 99L, ["invocationId"] = "raw" }, [99L, new Map(), "raw"]), Answer.Nothing),
        Raw("a close from the client", Both(new Map { ["type"] = 7L }, [7L]), Answer.Close),
        Raw("no message type", Both(
            new Map { ["invocationId"] = "raw", ["target"] = "StopSession", ["arguments"] = new object?[] { "x" } },
            ["raw", "StopSession"]), Answer.Close),
        Raw("not a message at all", Bytes(Encoding.UTF8.GetBytes("hello\u001e"), [.. WireCodec.Prefix(3), 0xc1, 0xc1, 0xc1]), Answer.Close),
        Raw("a bare number", Bytes(Encoding.UTF8.GetBytes("42\u001e"), WireCodec.MessagePack(42L)), Answer.Close),
        Raw("an empty message", Bytes([0x1e], [0x00]), Answer.Close),
        // Sent in a binary WebSocket frame: in a text frame the WebSocket layer itself refuses invalid UTF-8.
        Raw("invalid UTF-8", Bytes([0x7b, 0xff, 0xfe, 0x7d, 0x1e], [.. WireCodec.Prefix(2), 0x91, 0xc1]), Answer.Close) with { BinaryFrame = true },
        Raw("a message over 128 KB", Bytes(Oversized(WireFormat.Json), Oversized(WireFormat.MessagePack)), Answer.Close, code: "payload_too_large"),
        Raw("a bad call and a good one in one frame", format =>
            [.. WireCodec.Invocation(format, "raw", string.Empty, []), .. WireCodec.Invocation(format, "after", "StopSession", ["nosuchsession123"])],
            Answer.Completion),
    ];

    private static Func<WireFormat, byte[]> Invocation(string? id, string target, object?[] arguments, string[]? streamIds = null) =>
        format => WireCodec.Invocation(format, id, target, arguments, streamIds);

    private static object? NestedObject(int depth)
    {
        object? value = "x";
        for (var i = 0; i < depth; i++)
        {
            value = new Map { ["language"] = value };
        }

        return value;
    }

    private static byte[] Oversized(WireFormat format) =>
        WireCodec.Invocation(format, "raw", "StopSession", [new string('x', 200 * 1024)]);
}
