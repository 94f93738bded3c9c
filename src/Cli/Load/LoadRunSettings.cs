namespace Hybrid.Cli.Load;

/// <summary>What a load run was asked to do, echoed into its report.</summary>
public sealed record LoadRunSettings(
    string Url,
    string Protocol,
    string? Model,
    int RampMs,
    string File,
    long AudioMs,
    int FramesPerSession,
    string Machine);
