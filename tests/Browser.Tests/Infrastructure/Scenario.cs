using System.Text.Json;
using Xunit.Abstractions;

namespace Hybrid.Browser.Tests.Infrastructure;

/// <summary>
/// Runs one Node scenario (<c>scenarios/NAME.mjs</c>) that drives Chromium through playwright-core, and
/// returns the JSON object it prints on its last <c>RESULT {...}</c> line. The scenario gets one JSON
/// argument: the gateway URL, the output folder for its screenshots, the fake microphone's WAV, Chromium's
/// path, plus the test's own settings.
/// </summary>
public static class Scenario
{
    private const string ResultPrefix = "RESULT ";

    public static async Task<JsonElement> RunAsync(BrowserSystemFixture system, string name, object settings, ITestOutputHelper output, TimeSpan timeout)
    {
        var outDir = Path.Combine(Paths.Results, name);
        if (Directory.Exists(outDir))
        {
            Directory.Delete(outDir, recursive: true); // no stale screenshots from an earlier run
        }

        Directory.CreateDirectory(outDir);
        var config = JsonSerializer.SerializeToElement(settings, JsonOptions);
        var merged = new Dictionary<string, JsonElement>();
        foreach (var property in config.EnumerateObject())
        {
            merged[property.Name] = property.Value.Clone();
        }

        merged["baseUrl"] = JsonSerializer.SerializeToElement(system.BaseUri.ToString().TrimEnd('/'));
        merged["outDir"] = JsonSerializer.SerializeToElement(outDir);
        merged["wav"] = JsonSerializer.SerializeToElement(system.MicrophoneWav);
        merged["chromium"] = JsonSerializer.SerializeToElement(Paths.Chromium);
        merged["timeoutMs"] = JsonSerializer.SerializeToElement((int)timeout.TotalMilliseconds);

        var script = Path.Combine(Paths.TestProject, "scenarios", name + ".mjs");
        var log = new List<string>();
        var outcome = await ProcessRunner.RunAsync("node", [script, JsonSerializer.Serialize(merged)], Paths.TestProject, timeout + TimeSpan.FromSeconds(30), line =>
        {
            lock (log)
            {
                log.Add(line);
            }

            try
            {
                output.WriteLine(line.StartsWith(ResultPrefix, StringComparison.Ordinal) && line.Length > 2000 ? line[..2000] + "…" : line);
            }
            catch (InvalidOperationException)
            {
                // The test already finished (timeout): nothing to write to.
            }
        });
        File.WriteAllLines(Path.Combine(outDir, "scenario.log"), log);

        var resultLine = outcome.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        Assert.False(outcome.TimedOut, $"scenario {name} did not finish within {timeout}");
        Assert.True(resultLine is not null, $"scenario {name} printed no RESULT line (exit {outcome.ExitCode}):\n{Tail(outcome.StandardError)}\n{Tail(outcome.StandardOutput)}");
        var result = JsonDocument.Parse(resultLine![ResultPrefix.Length..]).RootElement.Clone();
        if (outcome.ExitCode != 0 || !result.TryGetProperty("ok", out var ok) || !ok.GetBoolean())
        {
            var error = result.TryGetProperty("error", out var e) ? e.ToString() : "(no error text)";
            Assert.Fail($"scenario {name} failed (exit {outcome.ExitCode}): {error}\n{Tail(outcome.StandardError)}");
        }

        return result;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(40));
}
