namespace Hybrid.RivaLocal.Hosting;

/// <summary>
/// Settings of a RivaLocal server, bound from the <c>RivaLocal</c> configuration section.
/// </summary>
public sealed class RivaLocalOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "RivaLocal";

    /// <summary>Debian's <c>pocketsphinx-en-us</c> model directory.</summary>
    public const string DebianModelDirectory = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>TCP port for h2c gRPC; 0 picks a free port (see <see cref="RivaLocalHost.Endpoint"/>). Default 50051, like Riva.</summary>
    public int Port { get; set; } = 50051;

    /// <summary>IP address to listen on. Loopback by default: the server has no authentication.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Maximum concurrent <c>StreamingRecognize</c> streams; more get RESOURCE_EXHAUSTED. The default is
    /// what a 2-core machine decodes in real time with PocketSphinx (8 streams kept up, 12 fell ~5 s behind).
    /// </summary>
    public int Capacity { get; set; } = 8;

    /// <summary>Decoders loaded in the background right after start (0: none); default: up to 4 of <see cref="Capacity"/>.</summary>
    public int? PrewarmDecoders { get; set; }

    /// <summary>Maximum concurrent <c>Recognize</c> decodes; further requests wait for a turn.</summary>
    public int MaxOfflineConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Cap on loaded PocketSphinx decoders (~100 MB each); 0 means <see cref="Capacity"/> + <see cref="MaxOfflineConcurrency"/>.
    /// Set it when a large <see cref="Capacity"/> is meant for <c>null</c>-model load tests.
    /// </summary>
    public int MaxDecoders { get; set; }

    /// <summary>Model for streams whose config names none (any online model, including <c>null</c>).</summary>
    public string DefaultModel { get; set; } = "pocketsphinx-en-us-streaming";

    /// <summary>Offers the non-decoding <c>null</c> model for protocol load tests.</summary>
    public bool EnableNullModel { get; set; } = true;

    /// <summary>PocketSphinx <c>-vad_threshold</c>; 3.0 avoids false starts on leading silence.</summary>
    public double VadThreshold { get; set; } = 3.0;

    /// <summary>Directory holding the default acoustic model, language model and dictionary.</summary>
    public string ModelDirectory { get; set; } = DebianModelDirectory;

    /// <summary>Acoustic model directory (<c>-hmm</c>); defaults to <c>{ModelDirectory}/en-us</c>.</summary>
    public string? AcousticModelPath { get; set; }

    /// <summary>Language model (<c>-lm</c>); defaults to <c>{ModelDirectory}/en-us.lm.bin</c>.</summary>
    public string? LanguageModelPath { get; set; }

    /// <summary>Pronunciation dictionary (<c>-dict</c>); defaults to <c>{ModelDirectory}/cmudict-en-us.dict</c>.</summary>
    public string? DictionaryPath { get; set; }

    /// <summary>Largest accepted gRPC request message (a whole file for <c>Recognize</c>). Default 64 MiB.</summary>
    public int MaxReceiveMessageBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How long stopping waits for in-flight calls to end.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The effective decoder cap.</summary>
    public int ResolvedMaxDecoders => MaxDecoders > 0 ? MaxDecoders : Capacity + MaxOfflineConcurrency;

    /// <summary>The effective <c>-hmm</c> path.</summary>
    public string ResolvedAcousticModelPath => AcousticModelPath ?? Path.Combine(ModelDirectory, "en-us");

    /// <summary>The effective <c>-lm</c> path.</summary>
    public string ResolvedLanguageModelPath => LanguageModelPath ?? Path.Combine(ModelDirectory, "en-us.lm.bin");

    /// <summary>The effective <c>-dict</c> path.</summary>
    public string ResolvedDictionaryPath => DictionaryPath ?? Path.Combine(ModelDirectory, "cmudict-en-us.dict");

    /// <summary>Throws <see cref="ArgumentException"/> describing the first invalid setting.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"RivaLocal:Port must be 0..65535, not {Port}.");
        }

        if (!System.Net.IPAddress.TryParse(ListenAddress, out _))
        {
            throw new ArgumentException($"RivaLocal:ListenAddress '{ListenAddress}' is not an IP address.");
        }

        if (Capacity < 1)
        {
            throw new ArgumentException($"RivaLocal:Capacity must be at least 1, not {Capacity}.");
        }

        if (MaxOfflineConcurrency < 1)
        {
            throw new ArgumentException($"RivaLocal:MaxOfflineConcurrency must be at least 1, not {MaxOfflineConcurrency}.");
        }

        if (MaxDecoders < 0)
        {
            throw new ArgumentException($"RivaLocal:MaxDecoders must be 0 (automatic) or positive, not {MaxDecoders}.");
        }

        if (VadThreshold <= 0 || double.IsNaN(VadThreshold))
        {
            throw new ArgumentException($"RivaLocal:VadThreshold must be positive, not {VadThreshold}.");
        }

        if (MaxReceiveMessageBytes < 1024)
        {
            throw new ArgumentException($"RivaLocal:MaxReceiveMessageBytes must be at least 1024, not {MaxReceiveMessageBytes}.");
        }
    }
}
