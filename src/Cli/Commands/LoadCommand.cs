using System.Globalization;
using System.Text.Json;
using Hybrid.Cli.Audio;
using Hybrid.Cli.Load;

namespace Hybrid.Cli.Commands;

/// <summary><c>hybrid load</c>: N concurrent real-time sessions and their latency figures.</summary>
public sealed class LoadCommand(CommandContext context)
{
    public const string Usage = """
        usage: hybrid load --sessions N --file FILE.wav [options]

        Runs N concurrent live sessions (each its own connection, user load-{i}), each streaming
        FILE in real time in 100 ms frames, and reports latency percentiles, event rate, frames
        lost and failed sessions. The run ends by itself at its deadline.

        options:
          --sessions N         concurrent sessions, 1-2000 (required)
          --file FILE.wav      audio each session streams (required)
          --ramp-ms MS         delay between session starts (default 50)
          --model NAME         ASR model for StartSession (e.g. null; server default when absent)
          --out FILE.json      write the full report as JSON
          --timeout SECONDS    deadline of the whole run (default: ramp + audio + stop timeout + 60 s)
          --stop-timeout SECONDS  how long one StopSession may take (default 90)
          --url URL            gateway base URL (default $HYBRID_URL or http://127.0.0.1:5000)
          --token TOKEN        one bearer token for every session instead of dev sign-in
          --protocol P         json | messagepack (default json)
          --verbose            diagnostics on stderr

        Each session signs in as its own dev user, and the gateway rate-limits dev sign-in per IP
        (RateLimits:DevSignInPerMinute, default 30): for larger runs start the gateway with a
        higher limit, as bench/live-latency.sh does; refused sign-ins count as rate_limited.

        latency definitions:
          frame → event   a frame counts as acknowledged by the first Transcript event (partial or
                          final) whose audioProcessedMs reaches its end; latency = receive − send
          word → final    receive time of a final − send time of the frame holding each word's end
          last word → final   the same for each final's last word only (end-pointing + decoding)

        exit codes: 0 every session ok and no frame lost, 4 some session failed or lost frames,
                    2 usage, 3 no session could connect, 130 interrupted
        """;

    private static readonly string[] Values = [.. CommonOptions.ValueOptions, "sessions", "file", "ramp-ms", "model", "out", "timeout", "stop-timeout"];
    private static readonly string[] Flags = [.. CommonOptions.FlagOptions];
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var parsed = ArgumentParser.Parse(args, Values, Flags);
        if (parsed.Flag("help"))
        {
            context.Out.WriteLine(Usage);
            return ExitCodes.Ok;
        }

        if (parsed.Positionals.Count > 0)
        {
            throw new UsageException($"load takes no positional arguments (got '{parsed.Positionals[0]}'); use --file");
        }

        var options = ParseOptions(parsed);
        context.Verbose = options.Common.Verbose;
        var audio = PreparedAudio.Load(options.File);
        if (options.OutPath is { } outPath && Path.GetDirectoryName(Path.GetFullPath(outPath)) is { } dir && !Directory.Exists(dir))
        {
            throw new UsageException($"--out: directory {dir} does not exist");
        }

        using var loggers = context.CreateLoggerFactory();
        var runner = new LoadRunner(options, audio, loggers, context.Error);
        var report = await runner.RunAsync(context.Interrupt);

        if (options.OutPath is not null)
        {
            await File.WriteAllTextAsync(options.OutPath, JsonSerializer.Serialize(report, Json) + Environment.NewLine);
        }

        context.Out.Write(report.ToText());
        if (options.OutPath is not null)
        {
            context.Out.WriteLine($"  report            {options.OutPath}");
        }

        if (context.Interrupt.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }

        if (report.SessionsOk == 0 && report.PerSession.All(r => r.FailureCode == "connection"))
        {
            return ExitCodes.Connection;
        }

        return report.SessionsFailed > 0 || report.FramesLost > 0 ? ExitCodes.Server : ExitCodes.Ok;
    }

    private static LoadOptions ParseOptions(ParsedArguments parsed)
    {
        if (parsed.Value("sessions") is null)
        {
            throw new UsageException("load needs --sessions N");
        }

        var sessions = parsed.Int("sessions", 1, 1, 2000);
        var file = parsed.Value("file") ?? throw new UsageException("load needs --file FILE.wav");
        var ramp = parsed.Int("ramp-ms", 50, 0, 60_000);
        var timeout = parsed.Value("timeout") is null ? (TimeSpan?)null : TimeSpan.FromSeconds(parsed.Int("timeout", 0, 1, 86_400));
        var stopTimeout = TimeSpan.FromSeconds(parsed.Int("stop-timeout", 90, 1, 3_600));
        var model = parsed.Value("model");
        if (model is not null && string.IsNullOrWhiteSpace(model))
        {
            throw new UsageException("--model must not be empty");
        }

        var common = CommonOptions.From(parsed, Environment.GetEnvironmentVariable("HYBRID_TOKEN"));
        return new LoadOptions(common, sessions, file, ramp, model, parsed.Value("out"), timeout, stopTimeout);
    }
}
