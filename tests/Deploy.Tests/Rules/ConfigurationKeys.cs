using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Hybrid.Deploy.Tests.Infrastructure;
using static Hybrid.Deploy.Tests.Infrastructure.Manifest;

namespace Hybrid.Deploy.Tests.Rules;

/// <summary>
/// Environment variable names the manifests give the silo and the gateway, checked against
/// docs/configuration.md: a curated list must be documented (fail), other application keys the code reads
/// are reported when undocumented (warning), and any other name fails as a likely typo.
/// </summary>
public static partial class ConfigurationKeys
{
    public const string DocsPath = "docs/configuration.md";

    /// <summary>Keys that docs/configuration.md documents and the manifests depend on: must stay documented.</summary>
    public static readonly string[] MustBeDocumented =
    [
        "Hybrid:Clustering", "Hybrid:GrainStorage", "Orleans:ServiceId", "Orleans:ClusterId", "Orleans:SiloPort",
        "Orleans:GatewayPort", "Orleans:SiloName", "Asr:Embedded", "Asr:Endpoint", "Asr:Capacity", "Asr:DisplayName",
        "Auth:Mode", "Auth:Authority", "Auth:ClientId", "Hybrid:DataDirectory", "ASPNETCORE_URLS",
    ];

    /// <summary>Application keys the code reads (SiloSettings, AuthOptions, StorageOptions, the DynamoDB and Redis wiring) that may not be documented yet.</summary>
    public static readonly string[] KnownApplicationKeys =
    [
        "Orleans:AdvertisedIP", "Orleans:ListenOnAnyHostAddress", "DynamoDB:ServiceUrl", "DynamoDB:Region",
        "DynamoDB:TablePrefix", "Redis:ConnectionString", "Storage:Provider", "Storage:Bucket", "Storage:Region",
        "Storage:ServiceUrl", "Auth:AllowedOrigins", "Auth:TokenUse", "Auth:HostedUiDomain", "Auth:RedirectUri", "Auth:Scopes",
    ];

    /// <summary>Variables for the platform, the .NET host or the Orleans Kubernetes hosting, not application settings.</summary>
    public static readonly string[] PlatformVariables =
    [
        "POD_NAME", "POD_IP", "POD_NAMESPACE", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID", "DOTNET_shutdownTimeoutSeconds",
    ];

    /// <summary>The backticked keys of docs/configuration.md (<c>Section:Key</c> and plain names).</summary>
    public static HashSet<string> DocumentedKeys()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, DocsPath));
        return KeyPattern().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>An environment variable name in configuration form: <c>Auth__AllowedOrigins__0</c> → <c>Auth:AllowedOrigins</c>.</summary>
    public static string ToKey(string variable)
    {
        var parts = variable.Split("__").ToList();
        while (parts.Count > 1 && parts[^1].All(char.IsAsciiDigit))
        {
            parts.RemoveAt(parts.Count - 1);
        }

        return string.Join(':', parts);
    }

    /// <summary>Every variable the silo and gateway containers get: literal env entries and envFrom ConfigMap keys.</summary>
    public static SortedSet<string> ApplicationVariables(IReadOnlyList<JsonObject> objects)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in PodTemplates(objects).Where(p => p.Component is DeploymentRules.Silo or DeploymentRules.Gateway)
                     .SelectMany(p => p.Containers).Where(c => c.Name is DeploymentRules.Silo or DeploymentRules.Gateway))
        {
            foreach (var name in container.Env.Select(e => Str(e["name"])).OfType<string>())
            {
                result.Add(name);
            }

            foreach (var key in DeploymentRules.EffectiveConfig(objects, container).Keys)
            {
                result.Add(key);
            }
        }

        return result;
    }

    /// <summary>Failures (undocumented curated keys, unknown names) and warnings (known keys not documented yet).</summary>
    public static (List<string> Failures, List<string> Warnings) Check(IEnumerable<string> variables, HashSet<string> documented)
    {
        var failures = new List<string>();
        var warnings = new List<string>();
        var must = MustBeDocumented.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var known = KnownApplicationKeys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var platform = PlatformVariables.ToHashSet(StringComparer.Ordinal);
        foreach (var variable in variables)
        {
            var key = ToKey(variable);
            if (platform.Contains(variable))
            {
                continue;
            }

            if (must.Contains(key))
            {
                if (!documented.Contains(key))
                {
                    failures.Add($"{variable}: {key} is not documented in {DocsPath}");
                }
            }
            else if (known.Contains(key))
            {
                if (!documented.Contains(key))
                {
                    warnings.Add($"{variable}: {key} is read by the code but not documented in {DocsPath} yet");
                }
            }
            else if (!documented.Contains(key))
            {
                failures.Add($"{variable}: {key} is neither documented nor a known setting (typo?)");
            }
        }

        return (failures, warnings);
    }

    [GeneratedRegex(@"`([A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z0-9_]+)*)`")]
    private static partial Regex KeyPattern();
}
