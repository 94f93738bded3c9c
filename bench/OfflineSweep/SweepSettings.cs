namespace Hybrid.Bench.OfflineSweep;

/// <summary>The decoder settings and decode modes the sweep compares.</summary>
internal static class SweepSettings
{
    /// <summary>Named extra decoder arguments; "default" is what RivaLocal runs with.</summary>
    public static IReadOnlyList<(string Name, string[] Arguments)> All { get; } =
    [
        ("default", []),
        ("no fwdflat", ["-fwdflat", "no"]),
        ("no bestpath", ["-bestpath", "no"]),
        ("lw 5", ["-lw", "5"]),
        ("lw 8", ["-lw", "8"]),
        ("lw 10", ["-lw", "10"]),
        ("wide beams", ["-beam", "1e-60", "-wbeam", "1e-40", "-pbeam", "1e-60", "-fwdflatbeam", "1e-80", "-fwdflatwbeam", "1e-50"]),
        ("no hmm/word caps", ["-maxhmmpf", "-1", "-maxwpf", "-1", "-pl_window", "0"]),
        ("wide beams, no caps, lw 8", ["-beam", "1e-60", "-wbeam", "1e-40", "-pbeam", "1e-60", "-fwdflatbeam", "1e-80", "-fwdflatwbeam", "1e-50", "-maxhmmpf", "-1", "-maxwpf", "-1", "-pl_window", "0", "-lw", "8"]),
    ];

    /// <summary>Every mode on the default settings; the streaming and two-pass modes on the others.</summary>
    public static IEnumerable<DecodeMode> Modes(string settings) =>
        settings == "default"
            ? Enum.GetValues<DecodeMode>()
            : [DecodeMode.Streaming, DecodeMode.TwoPass];
}
