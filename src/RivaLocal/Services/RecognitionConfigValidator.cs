using Grpc.Core;
using Hybrid.RivaLocal.Engines;
using Hybrid.RivaLocal.PocketSphinx;
using Nvidia.Riva;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Services;

/// <summary>
/// Checks a <c>RecognitionConfig</c> against what this server can do and resolves its model.
/// Every rejection is an <see cref="RpcException"/> whose message names the field and what is accepted.
/// </summary>
internal sealed class RecognitionConfigValidator(ModelCatalog catalog, PocketSphinxEngine engine)
{
    private const int SupportedSampleRate = AudioFormat.SampleRate;

    public ValidatedConfig Validate(RecognitionConfig? config, RecognitionMode mode)
    {
        config ??= new RecognitionConfig();
        var sampleRate = ValidateAudio(config);
        var model = ResolveModel(config, mode);
        if (model.Engine == EngineKind.PocketSphinx && !engine.IsAvailable)
        {
            throw new RpcException(new Status(
                StatusCode.Unavailable,
                $"model {model.Name} is unavailable on this server: {engine.UnavailableReason}"));
        }

        return new ValidatedConfig(model, sampleRate, config.EnableWordTimeOffsets, config.EnableAutomaticPunctuation);
    }

    private static int ValidateAudio(RecognitionConfig config)
    {
        if (config.Encoding is not (AudioEncoding.LinearPcm or AudioEncoding.EncodingUnspecified))
        {
            throw Invalid(
                $"encoding {Name(config.Encoding)} is not supported; use LINEAR_PCM (16-bit little-endian PCM) " +
                "or ENCODING_UNSPECIFIED with 16-bit PCM WAV audio");
        }

        switch (config.SampleRateHertz)
        {
            case SupportedSampleRate:
                break;
            // ENCODING_UNSPECIFIED lets the WAV header supply the rate (Riva's python file client sends none).
            case 0 when config.Encoding == AudioEncoding.EncodingUnspecified:
                break;
            case 0:
                throw Invalid("sample_rate_hertz is required for LINEAR_PCM audio; only 16000 Hz is supported");
            default:
                throw Invalid(
                    $"sample_rate_hertz {config.SampleRateHertz} is not supported; only 16000 Hz is accepted (resample the audio)");
        }

        if (config.AudioChannelCount is not (0 or 1))
        {
            throw Invalid($"audio_channel_count {config.AudioChannelCount} is not supported; only mono audio (0 or 1) is accepted");
        }

        return config.SampleRateHertz;
    }

    private ModelDescriptor ResolveModel(RecognitionConfig config, RecognitionMode mode)
    {
        var languageSupported = config.LanguageCode.Length == 0
            || string.Equals(config.LanguageCode, ModelDescriptor.LanguageCode, StringComparison.OrdinalIgnoreCase);
        var model = languageSupported ? catalog.Find(config.Model, mode) : null;
        if (model is not null)
        {
            return model;
        }

        // Same wording as Riva, so clients that match on it keep working; the tail says what exists.
        var type = mode == RecognitionMode.Online ? "online" : "offline";
        var language = config.LanguageCode.Length == 0 ? ModelDescriptor.LanguageCode : config.LanguageCode;
        var offered = string.Join(", ", catalog.Available.Where(m => m.Mode == mode).Select(m => m.Name));
        throw Invalid(
            $"Unavailable model requested given these parameters: language_code={language}; type={type}; model={config.Model}. " +
            $"This server accepts language_code en-US (or empty) and {type} models: {offered}");
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    private static string Name(AudioEncoding encoding) => encoding switch
    {
        AudioEncoding.Flac => "FLAC",
        AudioEncoding.Mulaw => "MULAW",
        AudioEncoding.Oggopus => "OGGOPUS",
        AudioEncoding.Alaw => "ALAW",
        _ => ((int)encoding).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
