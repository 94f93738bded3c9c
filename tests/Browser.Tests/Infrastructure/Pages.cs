using System.Text.Json;

namespace Hybrid.Browser.Tests.Infrastructure;

/// <summary>Checks shared by the scenarios' results.</summary>
public static class Pages
{
    /// <summary>No uncaught page error and no Content-Security-Policy violation happened.</summary>
    public static void AssertNoProblems(JsonElement result)
    {
        var problems = result.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToArray();
        Assert.True(problems.Length == 0, "page errors or CSP violations: " + string.Join("; ", problems));
    }
}
