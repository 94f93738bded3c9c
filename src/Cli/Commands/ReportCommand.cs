using System.Text.Json;
using Hybrid.Cli.Load;

namespace Hybrid.Cli.Commands;

/// <summary><c>hybrid report FILE.json...</c>: a Markdown table of <c>hybrid load --out</c> reports.</summary>
public sealed class ReportCommand(CommandContext context)
{
    public const string Usage = """
        usage: hybrid report RESULT.json [RESULT.json ...]

        Prints one Markdown table row per 'hybrid load --out' report (the run is named after
        the file), for benchmark write-ups.
        """;

    public int Run(IReadOnlyList<string> args)
    {
        var parsed = ArgumentParser.Parse(args, [], []);
        if (parsed.Flag("help"))
        {
            context.Out.WriteLine(Usage);
            return ExitCodes.Ok;
        }

        if (parsed.Positionals.Count == 0)
        {
            throw new UsageException("report needs at least one RESULT.json");
        }

        var runs = new List<(string, LoadReport)>();
        foreach (var path in parsed.Positionals)
        {
            LoadReport? report;
            try
            {
                report = JsonSerializer.Deserialize<LoadReport>(File.ReadAllText(path));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                throw new CliException(ExitCodes.Usage, $"{path}: {ex.Message}", inner: ex);
            }

            runs.Add((Path.GetFileNameWithoutExtension(path), report ?? throw new CliException(ExitCodes.Usage, $"{path}: empty report")));
        }

        context.Out.Write(MarkdownTable.Render(runs));
        return ExitCodes.Ok;
    }
}
