using Hybrid.Cli.Audio;
using Hybrid.Cli.Connection;
using Hybrid.Client;
using Hybrid.Protocol;

namespace Hybrid.Cli.Commands;

/// <summary><c>hybrid transcribe FILE.wav</c>: streams a file through the live hub and prints the transcript.</summary>
public sealed class TranscribeCommand(CommandContext context)
{
    public const string Usage = """
        usage: hybrid transcribe FILE.wav [options]

        Streams a WAV file (any rate, channels, PCM8/16/24/32 or float) through the live hub as
        16 kHz mono PCM16 in 100 ms frames and prints the final transcript lines.

        options:
          --url URL            gateway base URL (default $HYBRID_URL or http://127.0.0.1:5000)
          --user NAME          dev sign-in user (default dev-user)
          --token TOKEN        bearer token instead of dev sign-in (default $HYBRID_TOKEN)
          --protocol P         json | messagepack (default json)
          --realtime           send at real-time pace (default: as fast as the hub accepts)
          --no-partials        ask the server for finals only
          --session ID         resume (or name) a session; frames it already has are skipped
          --model NAME         ASR model (server default when absent)
          --verbose            diagnostics and stack traces on stderr

        exit codes: 0 ok, 2 usage, 3 connection/auth, 4 server error, 130 interrupted
        """;

    private static readonly string[] Values = [.. CommonOptions.ValueOptions, "session", "model"];
    private static readonly string[] Flags = [.. CommonOptions.FlagOptions, "realtime", "no-partials"];

    public async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var parsed = ArgumentParser.Parse(args, Values, Flags);
        if (parsed.Flag("help"))
        {
            context.Out.WriteLine(Usage);
            return ExitCodes.Ok;
        }

        if (parsed.Positionals.Count != 1)
        {
            throw new UsageException(parsed.Positionals.Count == 0 ? "transcribe needs a WAV file" : "transcribe takes one WAV file");
        }

        var common = CommonOptions.From(parsed, Environment.GetEnvironmentVariable("HYBRID_TOKEN"));
        context.Verbose = common.Verbose;
        var audio = PreparedAudio.Load(parsed.Positionals[0]);
        var interrupt = context.Interrupt;
        var printer = new TranscriptPrinter(context.Out, context.Error, context.Interactive, context.TerminalWidth);
        printer.Note(audio.Description);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var tokens = new TokenSource(new DevTokenClient(http), common.Url, common.Token);
        string token;
        try
        {
            token = await tokens.GetAsync(common.User, interrupt);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }

        using var loggers = context.CreateLoggerFactory();
        var request = new StartSessionRequest
        {
            SessionId = parsed.Value("session"),
            Model = parsed.Value("model"),
            InterimResults = !parsed.Flag("no-partials"),
            SampleRate = audio.SampleRate,
        };

        // The whole file fits in the ring: a resume after any outage resends every frame the server lacks.
        var settings = new LiveSessionOptions
        {
            RingCapacity = Math.Max(1, (int)(audio.Pcm.Length / PcmFramer.FrameBytes(audio.SampleRate, 10)) + 1),
            SendQueue = parsed.Flag("realtime") ? 2 : 8,
            OnResumed = info => printer.Note(
                $"session resumed at frame {info.NextSeq} ({info.Reason}{(info.Reconnected ? ", new connection" : string.Empty)}); {info.Resent} frames resent"),
        };

        LiveSession session;
        try
        {
            session = await LiveSession.StartAsync(common.Hub(token), request, printer, settings, loggers, interrupt);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception ex)
        {
            throw HubError.Translate(ex, HubNames.StartSession);
        }

        await using (session)
        {
            try
            {
                return await StreamAsync(session, parsed, audio, printer, interrupt);
            }
            catch (Exception ex) when (ex is HubCallException or HubConnectionException)
            {
                throw HubError.Translate(ex, HubNames.UploadAudio);
            }
        }
    }

    private async Task<int> StreamAsync(LiveSession live, ParsedArguments parsed, PreparedAudio audio, TranscriptPrinter printer, CancellationToken interrupt)
    {
        var session = live.Started;
        if (session.SampleRate != audio.SampleRate)
        {
            throw new CliException(ExitCodes.Server, $"the server wants {session.SampleRate} Hz audio; this client sends {audio.SampleRate} Hz");
        }

        var frameMs = session.FrameMs > 0 ? session.FrameMs : 100;
        var frames = audio.Frames(frameMs);
        printer.Note(session.NextSeq > 0
            ? $"session {session.SessionId} resumed at frame {session.NextSeq} of {frames.Count}"
            : $"session {session.SessionId}: sending {frames.Count} frames of {frameMs} ms{(parsed.Flag("realtime") ? " in real time" : string.Empty)}");

        var pacer = parsed.Flag("realtime") ? new FramePacer(frameMs) : null;
        await live.SendAsync(frames.Skip((int)Math.Min(session.NextSeq, frames.Count)), pacer, interrupt);
        if (interrupt.IsCancellationRequested)
        {
            printer.Note("interrupted: stopping the session (Ctrl+C again to quit at once)");
        }

        // Stop on its own clock: after Ctrl+C the session must still be closed cleanly.
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await live.StopAsync(stopTimeout.Token);
        }
        catch (OperationCanceledException) when (stopTimeout.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Server, "StopSession did not complete within 90 s; the last finals may be missing");
        }
        catch (Exception ex) when (ex is HubCallException or HubConnectionException)
        {
            throw HubError.Translate(ex, HubNames.StopSession);
        }
        finally
        {
            printer.Finish();
        }

        if (printer.SessionFailed)
        {
            throw new CliException(ExitCodes.Server, $"the session failed ({printer.LastErrorCode ?? "no error code"})", printer.LastErrorCode);
        }

        return interrupt.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Ok;
    }
}
