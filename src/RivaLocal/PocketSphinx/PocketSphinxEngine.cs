using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Hybrid.RivaLocal.PocketSphinx;

/// <summary>
/// Probes the native libraries and models once at start-up and owns the decoder pool.
/// A missing library or model leaves the engine unavailable (health NOT_SERVING) instead of crashing.
/// </summary>
internal sealed partial class PocketSphinxEngine : IDisposable
{
    private readonly DecoderSettings _settings;
    private readonly int _maxDecoders;
    private readonly ILogger<PocketSphinxEngine> _logger;
    private DecoderPool? _pool;

    public PocketSphinxEngine(DecoderSettings settings, int maxDecoders, ILogger<PocketSphinxEngine> logger)
    {
        _settings = settings;
        _maxDecoders = maxDecoders;
        _logger = logger;
        UnavailableReason = "the engine has not been initialised";
    }

    /// <summary>True once the libraries and models loaded and a first decoder worked.</summary>
    public bool IsAvailable => _pool is not null;

    /// <summary>Why the engine is unavailable (null when available).</summary>
    public string? UnavailableReason { get; private set; }

    /// <summary>The decoder pool; only valid when <see cref="IsAvailable"/>.</summary>
    public DecoderPool Pool => _pool ?? throw new EngineUnavailableException(UnavailableReason ?? "unknown reason");

    /// <summary>Loads the native libraries and one decoder (so the first stream does not pay for it).</summary>
    public void Initialize()
    {
        var reason = Probe();
        if (reason is not null)
        {
            UnavailableReason = reason;
            LogUnavailable(reason);
            return;
        }

        var pool = new DecoderPool(_settings, _maxDecoders, _logger);
        try
        {
            var decoder = pool.Rent();
            pool.Return(decoder, healthy: true);
        }
        catch (Exception ex) when (ex is PocketSphinxException or DllNotFoundException or EntryPointNotFoundException)
        {
            pool.Dispose();
            UnavailableReason = $"PocketSphinx failed to load: {ex.Message}";
            LogUnavailable(UnavailableReason);
            return;
        }

        UnavailableReason = null;
        _pool = pool;
        LogAvailable(_settings.AcousticModelPath, _settings.LanguageModelPath, _maxDecoders);
    }

    /// <summary>Loads up to <paramref name="count"/> decoders in the background of start-up.</summary>
    public void Prewarm(int count)
    {
        try
        {
            _pool?.Prewarm(count);
        }
        catch (Exception ex) when (ex is PocketSphinxException or ObjectDisposedException)
        {
            // Decoders then load on demand, as without pre-warming.
        }
    }

    public void Dispose() => _pool?.Dispose();

    private string? Probe()
    {
        foreach (var library in new[] { NativeMethods.SphinxBaseLibrary, NativeMethods.PocketSphinxLibrary })
        {
            if (!NativeLibrary.TryLoad(library, out _))
            {
                return $"native library {library} could not be loaded (install the libpocketsphinx3 package)";
            }
        }

        var missing = _settings.FindMissingFile();
        if (missing is not null)
        {
            return $"{missing} (install the pocketsphinx-en-us package)";
        }

        try
        {
            // Process-wide and idempotent: silences the hundreds of INFO lines per decoder.
            NativeMethods.err_set_logfp(IntPtr.Zero);
        }
        catch (EntryPointNotFoundException ex)
        {
            return $"libsphinxbase is not the expected version: {ex.Message}";
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PocketSphinx engine unavailable: {Reason}")]
    private partial void LogUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "PocketSphinx engine ready (hmm {AcousticModel}, lm {LanguageModel}, up to {MaxDecoders} decoders)")]
    private partial void LogAvailable(string acousticModel, string languageModel, int maxDecoders);
}
