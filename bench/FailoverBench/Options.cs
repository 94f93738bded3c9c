using System.Globalization;

namespace Hybrid.Bench.Failover;

/// <summary>Command-line settings of one failover run.</summary>
public sealed record Options
{
    public const string Usage = """
        usage: failover-bench --url URL --kill NAME=PID[,NAME=PID...] [--sessions N] [--model null]
                              [--ramp-ms MS] [--before-kill-seconds S] [--max-after-kill-seconds S]
                              [--settle-seconds S] [--label NAME] [--out report.json]
          --url                     gateway base URL (dev sign-in must be on)
          --kill                    silos that may be killed, by SessionStatus.silo name and process id;
                                    the one hosting the most sessions is killed with SIGKILL (list only
                                    non-primary silos: with localhost clustering the first silo holds
                                    the membership table)
          --sessions                concurrent sessions, each its own user and connection (default 12)
          --model                   StartSession model (default null: RivaLocal's non-decoding model)
          --ramp-ms                 delay between session starts (default 100)
          --before-kill-seconds     streaming time after the last session started, before the kill (default 10)
          --max-after-kill-seconds  longest the run waits after the kill for every session on the killed
                                    silo to resume (default 120)
          --settle-seconds          streaming time after the last of them got a transcript again (default 10)
        """;

    public required Uri BaseUrl { get; init; }
    public required IReadOnlyList<(string Silo, int Pid)> KillCandidates { get; init; }
    public int Sessions { get; init; } = 12;
    public string Model { get; init; } = "null";
    public int RampMs { get; init; } = 100;
    public double BeforeKillSeconds { get; init; } = 10;
    public double MaxAfterKillSeconds { get; init; } = 120;
    public double SettleSeconds { get; init; } = 10;
    public string Label { get; init; } = "failover";
    public string? Out { get; init; }

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

        var candidates = Take("kill").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=') is [var name, var pid] && int.TryParse(pid, CultureInfo.InvariantCulture, out var p)
                ? (name, p)
                : throw new ArgumentException($"--kill wants NAME=PID, not '{pair}'"))
            .ToArray();
        var options = new Options
        {
            BaseUrl = new Uri(Take("url")),
            KillCandidates = candidates.Length > 0 ? candidates : throw new ArgumentException("--kill needs at least one NAME=PID"),
            Sessions = Int(Maybe("sessions"), 12, 1),
            Model = Maybe("model") ?? "null",
            RampMs = Int(Maybe("ramp-ms"), 100, 0),
            BeforeKillSeconds = Dbl(Maybe("before-kill-seconds"), 10),
            MaxAfterKillSeconds = Dbl(Maybe("max-after-kill-seconds"), 120),
            SettleSeconds = Dbl(Maybe("settle-seconds"), 10),
            Label = Maybe("label") ?? "failover",
            Out = Maybe("out"),
        };
        return values.Count == 0 ? options : throw new ArgumentException($"unknown option --{values.Keys.First()}");
    }
}
