using System.Text.Json.Nodes;

namespace Hybrid.Deploy.Tests.Infrastructure;

/// <summary>
/// The subset of Kubernetes strategic merge patch the overlays use: maps merge recursively, <c>null</c>
/// deletes a key, lists with a patch merge key (containers by name, env by name, ...) merge item by item
/// (<c>$patch: delete</c> removes one), every other list is replaced.
/// </summary>
public static class StrategicMerge
{
    private const string Directive = "$patch";

    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (key, patchValue) in patch.ToList())
        {
            if (key == Directive)
            {
                throw new NotSupportedException($"'{Directive}: {Manifest.Str(patchValue)}' on a map is not supported by this renderer");
            }

            if (patchValue is null)
            {
                target.Remove(key);
                continue;
            }

            var current = target[key];
            if (patchValue is JsonObject patchMap && current is JsonObject currentMap)
            {
                Apply(currentMap, patchMap);
            }
            else if (patchValue is JsonArray patchList && current is JsonArray currentList && MergeKey(key, patchList) is { } mergeKey)
            {
                MergeList(currentList, patchList, mergeKey);
            }
            else
            {
                target[key] = patchValue.DeepClone();
            }
        }
    }

    /// <summary>The patch merge key of a list field, as in the Kubernetes API types; null: replace.</summary>
    public static string? MergeKey(string field, JsonArray items) => field switch
    {
        "containers" or "initContainers" or "ephemeralContainers" or "env" or "volumes" or "imagePullSecrets"
            or "hostAliases" => field == "hostAliases" ? "ip" : "name",
        "volumeMounts" or "volumeDevices" => field == "volumeMounts" ? "mountPath" : "devicePath",
        "ports" => items.OfType<JsonObject>().Any(i => i.ContainsKey("containerPort")) ? "containerPort" : "port",
        _ => null,
    };

    private static void MergeList(JsonArray target, JsonArray patch, string mergeKey)
    {
        foreach (var item in patch)
        {
            if (item is not JsonObject patchItem || Manifest.Str(patchItem[mergeKey]) is not { } key)
            {
                throw new NotSupportedException($"a list item without merge key '{mergeKey}'");
            }

            var existing = target.OfType<JsonObject>().FirstOrDefault(t => Manifest.Str(t[mergeKey]) == key);
            var delete = Manifest.Str(patchItem[Directive]) == "delete";
            if (delete)
            {
                if (existing is not null)
                {
                    target.Remove(existing);
                }
            }
            else if (existing is not null)
            {
                Apply(existing, patchItem);
            }
            else
            {
                target.Add(patchItem.DeepClone());
            }
        }
    }
}
