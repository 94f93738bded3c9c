namespace Hybrid.Cli.Commands;

/// <summary>A bad command line; the message says what is wrong (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
