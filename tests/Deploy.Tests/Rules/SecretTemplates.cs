using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hybrid.Deploy.Tests.Infrastructure;
using static Hybrid.Deploy.Tests.Infrastructure.Manifest;

namespace Hybrid.Deploy.Tests.Rules;

/// <summary>The Secret template (placeholders only) and the rule that keeps it free of real values.</summary>
public static class SecretTemplates
{
    public const string RelativePath = "deploy/k8s/base/secrets.template.yaml";

    public const string Placeholder = "REPLACE_ME";

    /// <summary>Keys of a JSON secret (e.g. a docker config) whose values are credentials.</summary>
    private static readonly HashSet<string> CredentialKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "auth", "token", "identitytoken", "registrytoken", "secret", "apikey",
    };

    public static IReadOnlyList<JsonObject> Load() => YamlLoader.LoadObjects(Path.Combine(RepoPaths.Root, RelativePath));

    /// <summary>Every value of every Secret must be a placeholder (JSON values: every credential field).</summary>
    public static List<string> PlaceholderViolations(IEnumerable<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var secret in OfKind(objects, "Secret"))
        {
            var values = Map(secret["stringData"]).Select(p => (p.Key, Value: p.Value))
                .Concat(Map(secret["data"]).Select(p => (p.Key, Value: DecodeBase64(p.Value))));
            foreach (var (key, value) in values)
            {
                if (!IsPlaceholderValue(value))
                {
                    violations.Add($"{Id(secret)}: {key} holds a value that is not a {Placeholder} placeholder");
                }
            }
        }

        return violations;
    }

    public static bool IsPlaceholderValue(string value)
    {
        if (value.StartsWith(Placeholder, StringComparison.Ordinal))
        {
            return true;
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return false;
        }

        var credentials = CredentialValues(json).ToList();
        return json is JsonObject && credentials.Count > 0 && credentials.All(v => v.StartsWith(Placeholder, StringComparison.Ordinal));
    }

    private static IEnumerable<string> CredentialValues(JsonNode? node)
    {
        if (node is not JsonObject o)
        {
            yield break;
        }

        foreach (var (key, value) in o)
        {
            if (value is JsonObject)
            {
                foreach (var inner in CredentialValues(value))
                {
                    yield return inner;
                }
            }
            else if (CredentialKeys.Contains(key))
            {
                yield return Str(value) ?? string.Empty;
            }
        }
    }

    private static string DecodeBase64(string value)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value));
        }
        catch (FormatException)
        {
            return value;
        }
    }
}
