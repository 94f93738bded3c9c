using System.Globalization;

namespace Hybrid.Bench.Storage;

/// <summary>Command-line settings of one run.</summary>
public sealed record Options
{
    public const string Usage = """
        usage: storage-bench --url URL --file CHUNK [--sessions N] [--seconds S] [--warmup-seconds W]
                             [--max-chunks K] [--chunk-ms MS] [--label NAME] [--out report.json]
                             [--request-timeout S]
          --url              gateway base URL (dev sign-in must be on)
          --file             the chunk to upload on every round trip (e.g. a 40 KB WebM/Opus file)
          --sessions         concurrent sessions, each its own user and connection (default 1)
          --seconds          measured time (default 20); no round trip starts after it
          --warmup-seconds   unmeasured time first (default 3)
          --max-chunks       chunks per session before the worker opens a new session (default 720,
                             one hour of 5 s chunks: keeps manifests at a realistic size)
          --chunk-ms         audio time each chunk stands for (default 5000; tStartMs/tEndMs)
          --label            user-name prefix, so runs do not share users (default sb)
        """;

    public required Uri BaseUrl { get; init; }
    public required string File { get; init; }
    public int Sessions { get; init; } = 1;
    public double Seconds { get; init; } = 20;
    public double WarmupSeconds { get; init; } = 3;
    public int MaxChunks { get; init; } = 720;
    public int ChunkMs { get; init; } = 5000;
    public string Label { get; init; } = "sb";
    public string? Out { get; init; }
    public int RequestTimeoutSeconds { get; init; } = 30;

    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            values[args[i][2..]] = args[++i];
        }

        string Take(string name) => values.Remove(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
        string? Maybe(string name) => values.Remove(name, out var v) ? v : null;
        static int Int(string? v, int fallback, int min) =>
            v is null ? fallback : int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min ? n : throw new ArgumentException($"bad number '{v}'");
        static double Dbl(string? v, double fallback) =>
            v is null ? fallback : double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException($"bad number '{v}'");

        var options = new Options
        {
            BaseUrl = new Uri(Take("url")),
            File = Take("file"),
            Sessions = Int(Maybe("sessions"), 1, 1),
            Seconds = Dbl(Maybe("seconds"), 20),
            WarmupSeconds = Dbl(Maybe("warmup-seconds"), 3),
            MaxChunks = Int(Maybe("max-chunks"), 720, 1),
            ChunkMs = Int(Maybe("chunk-ms"), 5000, 1),
            Label = Maybe("label") ?? "sb",
            Out = Maybe("out"),
            RequestTimeoutSeconds = Int(Maybe("request-timeout"), 30, 1),
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"unknown option --{values.Keys.First()}");
        }

        return options.Seconds > 0 ? options : throw new ArgumentException("--seconds must be above 0");
    }
}
