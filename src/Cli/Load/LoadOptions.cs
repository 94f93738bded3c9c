using Hybrid.Cli.Commands;

namespace Hybrid.Cli.Load;

/// <summary>The settings of a <c>hybrid load</c> run.</summary>
public sealed record LoadOptions(
    CommonOptions Common,
    int Sessions,
    string File,
    int RampMs,
    string? Model,
    string? OutPath,
    TimeSpan? Timeout,
    TimeSpan StopTimeout);
