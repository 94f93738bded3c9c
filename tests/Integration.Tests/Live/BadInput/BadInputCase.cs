namespace Hybrid.Integration.Tests.Live.BadInput;

/// <summary>What a bad-input case does.</summary>
public enum CaseKind
{
    /// <summary><c>StartSession</c> with <see cref="BadInputCase.Arguments"/>; nothing may be created when refused.</summary>
    Start,

    /// <summary>Any invocation of <see cref="BadInputCase.Target"/>; answered by its completion.</summary>
    Call,

    /// <summary>Stream items sent into a good session's <c>UploadAudio</c>; answered by <c>Error</c> events.</summary>
    Frames,

    /// <summary>Raw message bytes; answered by the completion of invocation <c>raw</c>, a close, or nothing.</summary>
    Raw,
}

/// <summary>How the gateway answers.</summary>
public enum Answer
{
    /// <summary>The call completes with an error starting with the expected code.</summary>
    Completion,

    /// <summary>The call succeeds.</summary>
    Success,

    /// <summary><c>Error</c> events with the expected codes, in order.</summary>
    ErrorEvents,

    /// <summary>The server closes the connection with a reason starting with the expected code.</summary>
    Close,

    /// <summary>Nothing is answered (a fire-and-forget message) and the connection goes on.</summary>
    Nothing,
}

/// <summary>One row of the bad-input table.</summary>
public sealed record BadInputCase(string Name, CaseKind Kind, Answer Answer, string[] Codes)
{
    public string Target { get; init; } = string.Empty;

    public object?[] Arguments { get; init; } = [];

    /// <summary>Stream items (<see cref="CaseKind.Frames"/>).</summary>
    public object?[] Items { get; init; } = [];

    /// <summary>Raw bytes per protocol (<see cref="CaseKind.Raw"/>).</summary>
    public Func<WireFormat, byte[]>? Bytes { get; init; }

    /// <summary>Send the raw bytes in a binary WebSocket frame even over JSON.</summary>
    public bool BinaryFrame { get; init; }

    /// <summary>A different answer over MessagePack, where its type system reads a value differently.</summary>
    public (Answer Answer, string[] Codes)? OverMessagePack { get; init; }

    /// <summary>Text the answer must contain (beyond its code).</summary>
    public string? Mentions { get; init; }

    public (Answer Answer, string[] Codes) ExpectedFor(WireFormat format) =>
        format == WireFormat.MessagePack && OverMessagePack is { } other ? other : (Answer, Codes);

    public override string ToString() => Name;
}
