using Hybrid.Cli.Connection;
using Microsoft.Extensions.Logging;

namespace Hybrid.Cli.Commands;

/// <summary>What a command runs with: console writers, whether stdout is a terminal, and Ctrl+C.</summary>
public sealed class CommandContext(TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken interrupt)
{
    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    /// <summary>Stdout is a terminal: partials may be drawn in place.</summary>
    public bool Interactive { get; } = interactive;

    /// <summary>Cancelled by the first Ctrl+C.</summary>
    public CancellationToken Interrupt { get; } = interrupt;

    /// <summary>Set by the command once it parsed <c>--verbose</c>; decides whether stack traces are shown.</summary>
    public bool Verbose { get; set; }

    public int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    /// <summary>Diagnostics go to stderr with <c>--verbose</c>, nowhere otherwise (errors are reported by the command).</summary>
    public ILoggerFactory CreateLoggerFactory() => LoggerFactory.Create(logging =>
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(Verbose ? LogLevel.Debug : LogLevel.None);
        logging.AddProvider(new StderrLoggerProvider(Verbose ? LogLevel.Debug : LogLevel.None));
    });
}
