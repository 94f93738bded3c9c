using System.Text.RegularExpressions;
using Hybrid.Grains.Interfaces;
using Hybrid.Protocol;
using Hybrid.Grains.Interfaces.Live;

namespace Hybrid.Gateway.Hubs;

/// <summary>Turns a <see cref="StartSessionRequest"/> into grain options, refusing bad input with <c>invalid_argument</c>.</summary>
public static partial class StartRequestValidator
{
    /// <summary>Session ids are server-made GUIDs or client ids of safe characters (they end up in object keys).</summary>
    public static bool IsValidSessionId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) => id is not null && SessionIdPattern().IsMatch(id);

    public static LiveSessionOptions ToOptions(StartSessionRequest request, LiveOptions limits)
    {
        var sampleRate = request.SampleRate ?? LiveSessionOptions.RequiredSampleRate;
        if (sampleRate != LiveSessionOptions.RequiredSampleRate)
        {
            throw HubErrors.Create(ErrorCodes.InvalidArgument, $"sampleRate {sampleRate} is not supported; send 16000 Hz PCM16 mono");
        }

        var language = string.IsNullOrWhiteSpace(request.Language) ? "en-US" : request.Language.Trim();
        if (!LanguagePattern().IsMatch(language))
        {
            throw HubErrors.Create(ErrorCodes.InvalidArgument, "language must be a BCP-47 tag such as en-US");
        }

        if (request.Model is { } model && !ModelPattern().IsMatch(model))
        {
            throw HubErrors.Create(ErrorCodes.InvalidArgument, "model must be 1-128 letters, digits, '.', '_' or '-'");
        }

        var hotwords = (request.Hotwords ?? []).Select(h => h?.Trim() ?? string.Empty).Where(h => h.Length > 0).ToArray();
        if (hotwords.Length > limits.MaxHotwords || hotwords.Any(h => h.Length > 100))
        {
            throw HubErrors.Create(ErrorCodes.InvalidArgument, $"at most {limits.MaxHotwords} hotwords of up to 100 characters each");
        }

        return new LiveSessionOptions(
            language,
            string.IsNullOrWhiteSpace(request.Model) ? null : request.Model,
            request.InterimResults ?? true,
            request.Punctuation ?? true,
            request.WordTimeOffsets ?? true,
            hotwords,
            sampleRate);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial Regex SessionIdPattern();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex ModelPattern();
}
