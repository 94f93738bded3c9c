using System.Text.Json.Nodes;

namespace Hybrid.Deploy.Tests.Infrastructure;

/// <summary>Accessors for Kubernetes objects held as <see cref="JsonObject"/>.</summary>
public static class Manifest
{
    private static readonly HashSet<string> ClusterScopedKinds =
    [
        "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass",
        "StorageClass", "PersistentVolume", "IngressClass", "RuntimeClass", "ValidatingWebhookConfiguration",
        "MutatingWebhookConfiguration",
    ];

    public static string Kind(JsonObject o) => Str(o["kind"]) ?? throw new FormatException("an object without kind");

    public static string Name(JsonObject o) => Str(o["metadata"]?["name"]) ?? throw new FormatException($"a {Kind(o)} without metadata.name");

    public static string? Namespace(JsonObject o) => Str(o["metadata"]?["namespace"]);

    public static string Id(JsonObject o) => $"{Kind(o)}/{Name(o)}";

    public static bool IsClusterScoped(string kind) => ClusterScopedKinds.Contains(kind);

    /// <summary>A scalar as a string (numbers and booleans in their YAML spelling), or null.</summary>
    public static string? Str(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<long>(out var l) => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    public static long? Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;

    public static IEnumerable<JsonObject> Objects(JsonNode? array) =>
        array is JsonArray a ? a.OfType<JsonObject>() : [];

    public static IEnumerable<string> Strings(JsonNode? array) =>
        array is JsonArray a ? a.Select(Str).OfType<string>() : [];

    /// <summary>A string-to-string map (labels, matchLabels, nodeSelector, data); empty when absent.</summary>
    public static IReadOnlyDictionary<string, string> Map(JsonNode? node) =>
        node is JsonObject o
            ? o.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => Str(p.Value) ?? string.Empty)
            : new Dictionary<string, string>();

    public static IEnumerable<JsonObject> OfKind(IEnumerable<JsonObject> objects, string kind) =>
        objects.Where(o => Kind(o) == kind);

    public static JsonObject? Find(IEnumerable<JsonObject> objects, string kind, string name) =>
        objects.FirstOrDefault(o => Kind(o) == kind && Name(o) == name);

    /// <summary>Every pod template: Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs.</summary>
    public static IReadOnlyList<PodTemplate> PodTemplates(IEnumerable<JsonObject> objects)
    {
        var result = new List<PodTemplate>();
        foreach (var o in objects)
        {
            var kind = Kind(o);
            var template = kind switch
            {
                "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => o["spec"]?["template"],
                "CronJob" => o["spec"]?["jobTemplate"]?["spec"]?["template"],
                _ => null,
            };
            if (template is JsonObject t)
            {
                result.Add(new PodTemplate(o, t));
            }
        }

        return result;
    }

    /// <summary>True when every pair of <paramref name="selector"/> is in <paramref name="labels"/> (an empty selector matches nothing here).</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(p => labels.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <summary>Image reference split into repository name, tag and digest.</summary>
    public static (string Name, string? Tag, string? Digest) ParseImage(string image)
    {
        string? digest = null;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..], digest) : (image, null, digest);
    }
}
