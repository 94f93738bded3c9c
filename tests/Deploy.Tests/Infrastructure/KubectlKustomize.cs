using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Hybrid.Deploy.Tests.Infrastructure;

/// <summary>Runs <c>kubectl kustomize</c> (offline) when kubectl is on PATH.</summary>
public static class KubectlKustomize
{
    private static readonly Lazy<string?> LazyPath = new(FindKubectl);

    public static bool IsAvailable => LazyPath.Value is not null;

    public static IReadOnlyList<JsonObject> Render(string directory)
    {
        var kubectl = LazyPath.Value ?? throw new InvalidOperationException("kubectl is not on PATH");
        var start = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl kustomize {directory} took longer than 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {stderr.Result}");
        }

        return YamlLoader.Parse(stdout.Result, "kubectl kustomize " + directory).OfType<JsonObject>().ToList();
    }

    private static string? FindKubectl()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);
    }
}
