using Hybrid.Deploy.Tests.Infrastructure;
using Hybrid.Deploy.Tests.Rules;
using Xunit.Abstractions;

namespace Hybrid.Deploy.Tests;

/// <summary>Environment variable names in the manifests against docs/configuration.md.</summary>
public sealed class ConfigurationDocsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(RenderTargets.Base)]
    [InlineData(RenderTargets.Dev)]
    [InlineData(RenderTargets.Prod)]
    public void EnvironmentNamesAreDocumentedOrKnown(string target)
    {
        var variables = ConfigurationKeys.ApplicationVariables(RenderTargets.Render(target));
        var (failures, warnings) = ConfigurationKeys.Check(variables, ConfigurationKeys.DocumentedKeys());
        foreach (var warning in warnings)
        {
            output.WriteLine("warning: " + warning);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Contains("Asr__Capacity", variables);
        Assert.Contains("Orleans__ClusterId", variables);
    }

    [Fact]
    public void CuratedKeysAreDocumentedToday()
    {
        var documented = ConfigurationKeys.DocumentedKeys();

        Assert.All(ConfigurationKeys.MustBeDocumented, key => Assert.Contains(key, documented));
    }

    [Theory]
    [InlineData("Asr__Capacity", "Asr:Capacity")]
    [InlineData("Auth__AllowedOrigins__0", "Auth:AllowedOrigins")]
    [InlineData("ASPNETCORE_URLS", "ASPNETCORE_URLS")]
    public void VariableNamesMapToKeys(string variable, string key) => Assert.Equal(key, ConfigurationKeys.ToKey(variable));

    [Fact]
    public void ATypoFailsAndAnUndocumentedKnownKeyOnlyWarns()
    {
        var documented = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Asr:Capacity" };

        var (failures, warnings) = ConfigurationKeys.Check(["Asr__Capacty", "Asr__Capacity", "Storage__Bucket", "Orleans__ClusterId", "POD_IP"], documented);

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Asr__Capacty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Orleans__ClusterId", StringComparison.Ordinal));
        Assert.Equal(["Storage__Bucket"], warnings.Select(w => w.Split(':')[0]));
    }
}
