using System.Text.RegularExpressions;
using Hybrid.Browser.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hybrid.Browser.Tests;

/// <summary>
/// Runs the web app's own unit tests (resampler, upload queue, PKCE, media types) with node's built-in
/// test runner, so they are part of every <c>dotnet test</c> run. Needs only node (no browser).
/// </summary>
[Trait("Category", "Web")]
public sealed partial class ClientAppUnitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Node_unit_tests_of_the_web_app_pass()
    {
        var files = Directory.GetFiles(Path.Combine(Paths.ClientApp, "test"), "*.test.mjs").Select(Path.GetFileName).Order().Select(f => "test/" + f).ToArray();
        Assert.NotEmpty(files);
        var run = await ProcessRunner.RunAsync("node", ["--test", "--test-reporter=tap", .. files!], Paths.ClientApp, TimeSpan.FromMinutes(3));
        output.WriteLine(run.StandardOutput.Length > 20_000 ? run.StandardOutput[^20_000..] : run.StandardOutput);
        output.WriteLine(run.StandardError);
        var pass = PassCount().Match(run.StandardOutput);
        var fail = FailCount().Match(run.StandardOutput);
        Assert.True(run.ExitCode == 0, $"node --test exited with {run.ExitCode}");
        Assert.True(pass.Success && int.Parse(pass.Groups[1].Value) >= 30, "fewer than 30 node tests passed");
        Assert.True(fail.Success && fail.Groups[1].Value == "0");
    }

    [GeneratedRegex(@"^# pass (\d+)", RegexOptions.Multiline)]
    private static partial Regex PassCount();

    [GeneratedRegex(@"^# fail (\d+)", RegexOptions.Multiline)]
    private static partial Regex FailCount();
}
