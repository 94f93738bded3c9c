using Hybrid.Protocol;

namespace Hybrid.Integration.Tests.Live.BadInput;

/// <summary>Short ways to write rows of the bad-input table.</summary>
public static class CaseBuilders
{
    public const string Invalid = ErrorCodes.InvalidArgument;
    public const string NotFound = ErrorCodes.NotFound;

    /// <summary>A good 100 ms frame's samples.</summary>
    public static byte[] Pcm(int bytes = 3200) => new byte[bytes];

    public static Map Frame(object? seq, object? pcm) => new() { ["seq"] = seq, ["pcm"] = pcm };

    /// <summary>A value nested <paramref name="depth"/> arrays deep.</summary>
    public static object? Nested(int depth, object? inner = null)
    {
        var value = inner;
        for (var i = 0; i < depth; i++)
        {
            value = new object?[] { value };
        }

        return value;
    }

    public static BadInputCase Start(string name, Map request, string code = Invalid, string? mentions = null) =>
        new(name, CaseKind.Start, Answer.Completion, [code]) { Arguments = [request], Mentions = mentions };

    public static BadInputCase StartArgs(string name, object?[] arguments, string code = Invalid, string? mentions = null) =>
        new(name, CaseKind.Start, Answer.Completion, [code]) { Arguments = arguments, Mentions = mentions };

    public static BadInputCase StartOk(string name, Map request) =>
        new(name, CaseKind.Start, Answer.Success, []) { Arguments = [request] };

    public static BadInputCase Call(string name, string target, object?[] arguments, string code, string? mentions = null) =>
        new(name, CaseKind.Call, Answer.Completion, [code]) { Target = target, Arguments = arguments, Mentions = mentions };

    public static BadInputCase Frames(string name, object?[] items, params string[] codes) =>
        new(name, CaseKind.Frames, Answer.ErrorEvents, codes) { Items = items };

    public static BadInputCase Raw(string name, Func<WireFormat, byte[]> bytes, Answer answer, string code = Invalid, string? mentions = null) =>
        new(name, CaseKind.Raw, answer, answer is Answer.Nothing or Answer.Success ? [] : [code]) { Bytes = bytes, Mentions = mentions };

    /// <summary>The same message in both protocols, written as a JSON object and a MessagePack array.</summary>
    public static Func<WireFormat, byte[]> Both(Map json, object?[] messagePack) =>
        format => format == WireFormat.Json ? WireCodec.Json(json) : WireCodec.MessagePack(messagePack);

    /// <summary>Protocol-specific bytes.</summary>
    public static Func<WireFormat, byte[]> Bytes(byte[] json, byte[] messagePack) =>
        format => format == WireFormat.Json ? json : messagePack;
}
