using System.Text.Json;
using Xunit.Abstractions;

namespace Hybrid.Browser.Tests.Infrastructure;

/// <summary>
/// Runs a Node scenario against any system (like <see cref="Scenario"/>) and lets the test act in
/// the middle of it: every <c>SIGNAL name arg</c> line the scenario prints is handed to
/// <c>onSignal</c>, which runs while the scenario goes on waiting for the effect in the page.
/// </summary>
public static class SignalledScenario
{
    private const string ResultPrefix = "RESULT ";
    private const string SignalPrefix = "SIGNAL ";
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static async Task<JsonElement> RunAsync(
        Uri baseUri, string wav, string name, object settings, Func<string, Task> onSignal, ITestOutputHelper output, TimeSpan timeout)
    {
        var outDir = Path.Combine(Paths.Results, name);
        if (Directory.Exists(outDir))
        {
            Directory.Delete(outDir, recursive: true); // no stale screenshots from an earlier run
        }

        Directory.CreateDirectory(outDir);
        var merged = new Dictionary<string, JsonElement>();
        foreach (var property in JsonSerializer.SerializeToElement(settings, JsonOptions).EnumerateObject())
        {
            merged[property.Name] = property.Value.Clone();
        }

        merged["baseUrl"] = JsonSerializer.SerializeToElement(baseUri.ToString().TrimEnd('/'));
        merged["outDir"] = JsonSerializer.SerializeToElement(outDir);
        merged["wav"] = JsonSerializer.SerializeToElement(wav);
        merged["chromium"] = JsonSerializer.SerializeToElement(Paths.Chromium);
        merged["timeoutMs"] = JsonSerializer.SerializeToElement((int)timeout.TotalMilliseconds);

        var signals = new List<Task>();
        var log = new List<string>();
        var script = Path.Combine(Paths.TestProject, "scenarios", name + ".mjs");
        var outcome = await ProcessRunner.RunAsync("node", [script, JsonSerializer.Serialize(merged)], Paths.TestProject, timeout + TimeSpan.FromSeconds(30), line =>
        {
            lock (log)
            {
                log.Add(line);
                var at = line.IndexOf(SignalPrefix, StringComparison.Ordinal);
                if (at >= 0)
                {
                    signals.Add(Task.Run(() => onSignal(line[(at + SignalPrefix.Length)..].Trim())));
                }
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
        await Task.WhenAll(signals);

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

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(40));
}
