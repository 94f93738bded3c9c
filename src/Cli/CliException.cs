namespace Hybrid.Cli;

/// <summary>
/// A failure with a clear message for the user and the exit code it maps to; printed without a
/// stack trace unless <c>--verbose</c>.
/// </summary>
public sealed class CliException(int exitCode, string message, string? code = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The server's stable error code (e.g. <c>capacity_exhausted</c>) when there is one.</summary>
    public string? Code { get; } = code;
}
