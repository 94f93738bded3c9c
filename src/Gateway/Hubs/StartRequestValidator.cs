using System.Text.RegularExpressions;
using Hybrid.Grains.Interfaces.Health;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Protocol;

namespace Hybrid.Gateway.Hubs;

/// <summary>Turns a <see cref="StartSessionRequest"/> into grain options, refusing bad input with <c>invalid_argument</c>.</summary>
public static partial class StartRequestValidator
{
    /// <summary>Longest hotword (characters).</summary>
    public const int MaxHotwordLength = 100;

    /// <summary>Session ids are server-made GUIDs or client ids of safe characters (they end up in object keys).</summary>
    public static bool IsValidSessionId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) => id is not null && SessionIdPattern().IsMatch(id);

    public static LiveSessionOptions ToOptions(StartSessionRequest request, LiveOptions limits)
    {
        var sampleRate = request.SampleRate ?? LiveSessionOptions.RequiredSampleRate;
        if (sampleRate != LiveSessionOptions.RequiredSampleRate)
        {
            throw HubErrors.Create(ErrorCodes.InvalidArgument, $"sampleRate {sampleRate} is not supported; send 16000 Hz PCM16 mono");
        }

        if (request.SessionId is not null && !IsValidSessionId(request.SessionId))
        {
            throw HubErrors.Create(ErrorCodes.InvalidArgument, "sessionId must be 8-64 letters, digits, '_' or '-'");
        }

        if (request.LastSegmentId is < 0)
        {
            throw HubErrors.Create(ErrorCodes.InvalidArgument, "lastSegmentId must not be negative");
        }

        var language = string.IsNullOrWhiteSpace(request.Language) ? "en-US" : request.Language.Trim();
        if (!LanguagePattern().IsMatch(language))
        {
            throw HubErrors.Create(ErrorCodes.InvalidArgument, "language must be a BCP-47 tag such as en-US");
        }

        if (!string.IsNullOrEmpty(request.Model) && !ModelPattern().IsMatch(request.Model))
        {
            throw HubErrors.Create(ErrorCodes.InvalidArgument, "model must be 1-128 letters, digits, '.', '_' or '-'");
        }

        return new LiveSessionOptions(
            language,
            string.IsNullOrWhiteSpace(request.Model) ? null : request.Model,
            request.InterimResults ?? true,
            request.Punctuation ?? true,
            request.WordTimeOffsets ?? true,
            Hotwords(request.Hotwords, limits),
            sampleRate);
    }

    /// <summary>
    /// Refuses a language or model the recognizer does not offer for streaming, so no session is
    /// created that could only fail. Without a model list (recognizer unreachable) nothing is refused here.
    /// </summary>
    public static void CheckAgainst(LiveSessionOptions options, IReadOnlyList<AsrModel>? models)
    {
        if (models is null)
        {
            return;
        }

        var streaming = models.Where(m => m.Streaming).ToArray();
        var languages = streaming.Select(m => m.LanguageCode).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order().ToArray();
        if (languages.Length > 0 && !languages.Contains(options.Language, StringComparer.OrdinalIgnoreCase))
        {
            throw HubErrors.Create(ErrorCodes.InvalidArgument,
                $"language '{options.Language}' is not supported; the recognizer offers {string.Join(", ", languages)}");
        }

        if (options.Model is not { } name)
        {
            return;
        }

        var model = streaming.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));
        if (model is null)
        {
            throw HubErrors.Create(ErrorCodes.InvalidArgument,
                $"model '{name}' is not a streaming model of the recognizer; it offers {string.Join(", ", streaming.Select(m => m.Name).Order())}");
        }

        if (model.LanguageCode is { } modelLanguage && !string.Equals(modelLanguage, options.Language, StringComparison.OrdinalIgnoreCase))
        {
            throw HubErrors.Create(ErrorCodes.InvalidArgument, $"model '{name}' recognizes {modelLanguage}, not {options.Language}");
        }
    }

    private static string[] Hotwords(string?[]? requested, LiveOptions limits)
    {
        requested ??= [];
        if (requested.Length > limits.MaxHotwords)
        {
            throw HubErrors.Create(ErrorCodes.InvalidArgument, $"at most {limits.MaxHotwords} hotwords of up to {MaxHotwordLength} characters each");
        }

        var hotwords = new string[requested.Length];
        for (var i = 0; i < requested.Length; i++)
        {
            var hotword = requested[i]?.Trim();
            if (string.IsNullOrEmpty(hotword) || hotword.Any(char.IsControl))
            {
                throw HubErrors.Create(ErrorCodes.InvalidArgument, $"hotwords[{i}] must be a word or phrase (not null, empty or control characters)");
            }

            if (hotword.Length > MaxHotwordLength)
            {
                throw HubErrors.Create(ErrorCodes.InvalidArgument, $"at most {limits.MaxHotwords} hotwords of up to {MaxHotwordLength} characters each");
            }

            hotwords[i] = hotword;
        }

        return hotwords;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial Regex SessionIdPattern();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex ModelPattern();
}
