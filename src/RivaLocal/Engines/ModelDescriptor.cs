namespace Hybrid.RivaLocal.Engines;

/// <summary>A model as advertised by <c>GetRivaSpeechRecognitionConfig</c>.</summary>
internal sealed record ModelDescriptor(string Name, RecognitionMode Mode, EngineKind Engine)
{
    public const string LanguageCode = "en-US";

    /// <summary>Riva's <c>type</c> parameter value.</summary>
    public string TypeName => Mode == RecognitionMode.Online ? "online" : "offline";

    /// <summary>The parameter map Riva clients read (<c>type</c>, <c>language_code</c>, …).</summary>
    public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
    {
        ["type"] = TypeName,
        ["language_code"] = LanguageCode,
        ["sample_rate_hz"] = "16000",
        ["engine"] = Engine == EngineKind.Null ? "null" : "pocketsphinx",
    };
}
