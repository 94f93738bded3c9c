using System.Reflection;
using System.Text;
using Hybrid.Cli.Commands;

namespace Hybrid.Cli;

/// <summary>Entry point logic: dispatches commands, maps failures to exit codes, handles Ctrl+C.</summary>
public static class CliApp
{
    public const string Usage = """
        usage: hybrid <command> [options]

        commands:
          transcribe FILE.wav   stream a WAV file through the live hub and print the transcript
          load                  run N concurrent real-time sessions and report latencies
          report RESULT.json... a Markdown table of load reports

        Run 'hybrid <command> --help' for a command's options.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl+C: stop cleanly (StopSession); a second one ends the process at once.
            if (!interrupt.IsCancellationRequested)
            {
                e.Cancel = true;
                interrupt.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var context = new CommandContext(Console.Out, Console.Error, !Console.IsOutputRedirected, interrupt.Token);
            return await RunAsync(args, context);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        context.Verbose = args.Contains("--verbose");
        try
        {
            if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
            {
                (args.Count == 0 ? context.Error : context.Out).WriteLine(Usage);
                return args.Count == 0 ? ExitCodes.Usage : ExitCodes.Ok;
            }

            if (args[0] == "--version")
            {
                context.Out.WriteLine(typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
                return ExitCodes.Ok;
            }

            var rest = args.Skip(1).ToArray();
            return args[0] switch
            {
                "transcribe" => await new TranscribeCommand(context).RunAsync(rest),
                "load" => await new LoadCommand(context).RunAsync(rest),
                "report" => new ReportCommand(context).Run(rest),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException ex)
        {
            context.Error.WriteLine($"hybrid: {ex.Message}");
            context.Error.WriteLine("Run 'hybrid --help' or 'hybrid <command> --help' for usage.");
            return ExitCodes.Usage;
        }
        catch (CliException ex)
        {
            context.Error.WriteLine($"hybrid: {ex.Message}");
            if (context.Verbose && ex.InnerException is not null)
            {
                context.Error.WriteLine(ex.InnerException);
            }

            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (context.Interrupt.IsCancellationRequested)
        {
            context.Error.WriteLine("hybrid: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex)
        {
            // A bug in the CLI, not a user error: still no stack trace unless asked for.
            context.Error.WriteLine($"hybrid: internal error: {ex.GetType().Name}: {ex.Message}");
            if (context.Verbose)
            {
                context.Error.WriteLine(ex);
            }
            else
            {
                context.Error.WriteLine("Run again with --verbose for details.");
            }

            return ExitCodes.Internal;
        }
    }
}
