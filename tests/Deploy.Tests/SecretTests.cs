using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hybrid.Deploy.Tests.Infrastructure;
using Hybrid.Deploy.Tests.Rules;

namespace Hybrid.Deploy.Tests;

/// <summary>No real secret value anywhere under deploy/; the Secret template holds placeholders only.</summary>
public sealed partial class SecretTests
{
    [Fact]
    public void SecretTemplateHoldsOnlyPlaceholders()
    {
        var secrets = SecretTemplates.Load();

        Assert.NotEmpty(secrets);
        Assert.All(secrets, s => Assert.Equal("Secret", Manifest.Kind(s)));
        Assert.Empty(SecretTemplates.PlaceholderViolations(secrets));
    }

    [Theory]
    [InlineData("REPLACE_ME", true)]
    [InlineData("REPLACE_ME_DEV", true)]
    [InlineData("nvapi-0123456789abcdef", false)]
    [InlineData("""{"auths":{"nvcr.io":{"username":"$oauthtoken","password":"REPLACE_ME"}}}""", true)]
    [InlineData("""{"auths":{"nvcr.io":{"username":"$oauthtoken","password":"hunter2"}}}""", false)]
    [InlineData("""{"auths":{"nvcr.io":{"auth":"dXNlcjpwYXNz"}}}""", false)]
    [InlineData("""{"note":"no credential field at all"}""", false)]
    public void PlaceholderRecognition(string value, bool placeholder) =>
        Assert.Equal(placeholder, SecretTemplates.IsPlaceholderValue(value));

    [Fact]
    public void PlaceholderRuleFlagsRealValuesInDataAndStringData()
    {
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "s" },
            ["stringData"] = new JsonObject { ["A"] = "REPLACE_ME", ["B"] = "real-value" },
            ["data"] = new JsonObject { ["C"] = Convert.ToBase64String("also-real"u8.ToArray()), ["D"] = Convert.ToBase64String("REPLACE_ME"u8.ToArray()) },
        };

        var violations = SecretTemplates.PlaceholderViolations([secret]);

        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains(": B ", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains(": C ", StringComparison.Ordinal));
    }

    [Fact]
    public void NoCredentialLooksAnywhereUnderDeploy()
    {
        var hits = new List<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Deploy, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in CredentialPattern().Matches(text))
            {
                hits.Add($"{RepoPaths.Relative(file)}: '{m.Value[..Math.Min(12, m.Value.Length)]}...'");
            }
        }

        Assert.True(hits.Count == 0, "credential-like strings: " + string.Join(", ", hits));
    }

    [Theory]
    [InlineData("AKIAABCDEFGHIJKLMNOP")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----")]
    [InlineData("nvapi-abcdefghijklmnopqrstuvwxyz")]
    [InlineData("ghp_abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("aws_secret_access_key = abc")]
    public void CredentialPatternRecognisesCommonKeys(string value) => Assert.Matches(CredentialPattern(), value);

    [GeneratedRegex(@"AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|nvapi-[A-Za-z0-9_\-]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|aws_secret_access_key|AWS_SECRET_ACCESS_KEY")]
    private static partial Regex CredentialPattern();
}
