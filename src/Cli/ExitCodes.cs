namespace Hybrid.Cli;

/// <summary>Process exit codes of the <c>hybrid</c> command (scripts depend on them).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Internal failure of the CLI itself (a bug); printed with the exception type.</summary>
    public const int Internal = 1;

    /// <summary>Bad command line or unreadable input file.</summary>
    public const int Usage = 2;

    /// <summary>The gateway could not be reached, sign-in failed or the connection broke.</summary>
    public const int Connection = 3;

    /// <summary>The server refused or failed a request; the stable error code is printed.</summary>
    public const int Server = 4;

    /// <summary>Stopped by Ctrl+C (after a clean StopSession when possible).</summary>
    public const int Interrupted = 130;
}
