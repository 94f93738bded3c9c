using static Hybrid.Integration.Tests.Live.BadInput.CaseBuilders;

namespace Hybrid.Integration.Tests.Live.BadInput;

/// <summary>
/// <c>StartSession</c> arguments: everything is checked before a session exists, so a refusal
/// creates nothing (the runner gives each request an unused <c>sessionId</c> and checks it stays unknown).
/// </summary>
public static class StartSessionCases
{
    private static readonly object?[] HundredHotwords = Enumerable.Range(0, 100).Select(i => (object?)$"{new string('w', 97)}{i:000}").ToArray();

    public static IEnumerable<BadInputCase> All =>
    [
        Start("sample rate 8000", new Map { ["sampleRate"] = 8000L }, mentions: "sampleRate 8000"),
        Start("sample rate 44100", new Map { ["sampleRate"] = 44100L }, mentions: "sampleRate 44100"),
        Start("sample rate 0", new Map { ["sampleRate"] = 0L }),
        Start("sample rate negative", new Map { ["sampleRate"] = -16000L }),
        Start("sample rate as a string", new Map { ["sampleRate"] = "16000" }),
        Start("sample rate with a fraction", new Map { ["sampleRate"] = 16000.5 }),
        Start("sample rate 1e20", new Map { ["sampleRate"] = 1e20 }),
        Start("sample rate beyond int", new Map { ["sampleRate"] = 1L << 40 }),
        Start("language the recognizer lacks", new Map { ["language"] = "fr-FR" }, mentions: "fr-FR"),
        Start("language without region", new Map { ["language"] = "de" }, mentions: "'de'"),
        Start("language in words", new Map { ["language"] = "english please" }),
        Start("language as a number", new Map { ["language"] = 42L }),
        Start("language as an array", new Map { ["language"] = new object?[] { "en-US" } }),
        Start("language 10k characters", new Map { ["language"] = new string('e', 10_000) }),
        Start("language with a NUL", new Map { ["language"] = "en-US\0" }),
        Start("language with a path", new Map { ["language"] = "../en-US" }),
        StartOk("language empty means the default", new Map { ["language"] = string.Empty }),
        StartOk("language in lower case", new Map { ["language"] = "en-us" }),
        StartOk("language null means the default", new Map { ["language"] = null }),
        Start("model the recognizer lacks", new Map { ["model"] = "no-such-model" }, mentions: "no-such-model"),
        Start("model for offline use only", new Map { ["model"] = "pocketsphinx-en-us-offline" }, mentions: "streaming"),
        Start("model with a path", new Map { ["model"] = "../../etc/passwd" }),
        Start("model as a number", new Map { ["model"] = 7L }),
        Start("model 200 characters", new Map { ["model"] = new string('m', 200) }),
        Start("model whose language differs", new Map { ["model"] = "null", ["language"] = "fr-FR" }),
        Start("model name in the wrong case", new Map { ["model"] = "NULL" }),
        StartOk("model empty means the default", new Map { ["model"] = string.Empty }),
        StartOk("model null (no recognition)", new Map { ["model"] = "null" }),
        Start("hotwords with a null", new Map { ["hotwords"] = new object?[] { null } }, mentions: "hotwords[0]"),
        Start("hotwords with a null after a good one", new Map { ["hotwords"] = new object?[] { "ok", null } }, mentions: "hotwords[1]"),
        Start("hotwords with an empty one", new Map { ["hotwords"] = new object?[] { string.Empty } }),
        Start("hotwords with a blank one", new Map { ["hotwords"] = new object?[] { "   " } }),
        Start("hotwords with a control character", new Map { ["hotwords"] = new object?[] { "tab\there" } }),
        Start("hotwords 101 of them", new Map { ["hotwords"] = Enumerable.Range(0, 101).Select(i => (object?)$"w{i}").ToArray() }, mentions: "at most 100"),
        Start("hotword of 101 characters", new Map { ["hotwords"] = new object?[] { new string('h', 101) } }),
        Start("hotwords as a string", new Map { ["hotwords"] = "one two" }),
        Start("hotwords as numbers", new Map { ["hotwords"] = new object?[] { 1L, 2L } }),
        Start("hotwords nested", new Map { ["hotwords"] = new object?[] { new object?[] { "x" } } }),
        Start("hotwords as an object", new Map { ["hotwords"] = new Map { ["a"] = "b" } }),
        StartOk("hotwords 100 of 100 characters", new Map { ["hotwords"] = HundredHotwords }),
        StartOk("hotwords empty list", new Map { ["hotwords"] = Array.Empty<object?>() }),
        Start("session id too short", new Map { ["sessionId"] = "short" }),
        Start("session id with a path", new Map { ["sessionId"] = "../../../etc/passwd" }),
        Start("session id with a slash", new Map { ["sessionId"] = "abcd/efgh/ijkl" }),
        Start("session id 65 characters", new Map { ["sessionId"] = new string('s', 65) }),
        Start("session id as a number", new Map { ["sessionId"] = 12345678L }),
        Start("session id empty", new Map { ["sessionId"] = string.Empty }),
        Start("last segment id negative", new Map { ["lastSegmentId"] = -1L }),
        Start("last segment id as a string", new Map { ["lastSegmentId"] = "3" }),
        Start("interim results as a string", new Map { ["interimResults"] = "yes" }),
        Start("punctuation as a number", new Map { ["punctuation"] = 1L }),
        Start("word time offsets as an object", new Map { ["wordTimeOffsets"] = new Map() }),
        StartOk("every flag off", new Map { ["interimResults"] = false, ["punctuation"] = false, ["wordTimeOffsets"] = false }),
        StartOk("an unknown property is ignored", new Map { ["colour"] = "red" }),
        StartOk("an empty request", new Map()),
        StartArgs("request as a string", ["hello"]),
        StartArgs("request as a number", [42L]),
        StartArgs("request as an array", [Array.Empty<object?>()]),
        StartArgs("two requests", [new Map(), new Map()]),
        StartArgs("no request at all", []),
        StartArgs("request nested 500 deep", [Nested(500)]),
        Start("hotwords nested 500 deep", new Map { ["hotwords"] = Nested(500) }),
        Start("language nested 100 deep", new Map { ["language"] = Nested(100, "en-US") }),
    ];
}
