using System.Reflection;

namespace Hybrid.Browser.Tests.Infrastructure;

/// <summary>Folders of the checkout the tests run from.</summary>
public static class Paths
{
    /// <summary><c>tests/Browser.Tests</c> (scenarios and their node_modules live here).</summary>
    public static string TestProject { get; } = typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "Hybrid.BrowserTests.SourceDirectory").Value!;

    /// <summary>The repository root.</summary>
    public static string Repository { get; } = Path.GetFullPath(Path.Combine(TestProject, "..", ".."));

    /// <summary><c>src/Gateway/ClientApp</c>.</summary>
    public static string ClientApp { get; } = Path.Combine(Repository, "src", "Gateway", "ClientApp");

    /// <summary>Screenshots and scenario logs: <c>TestResults/browser</c> (or <c>$HYBRID_BROWSER_RESULTS</c>).</summary>
    public static string Results { get; } = Environment.GetEnvironmentVariable("HYBRID_BROWSER_RESULTS") is { Length: > 0 } configured
        ? configured
        : Path.Combine(Repository, "TestResults", "browser");

    /// <summary>Chromium (Debian's; <c>$CHROMIUM_PATH</c> overrides).</summary>
    public static string Chromium { get; } = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium";
}
