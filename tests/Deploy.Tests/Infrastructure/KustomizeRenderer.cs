using System.Text.Json.Nodes;

namespace Hybrid.Deploy.Tests.Infrastructure;

/// <summary>
/// Renders a kustomization the way <c>kubectl kustomize</c> does, for the features this repository uses:
/// <c>resources</c> (files and directories), <c>patches</c> (strategic merge, by path), <c>replicas</c>,
/// <c>images</c> and <c>namespace</c>. Anything else fails loudly rather than rendering something different
/// from kustomize; <c>RendererMatchesKubectlTests</c> compares both where kubectl is installed.
/// </summary>
public static class KustomizeRenderer
{
    public const string FileName = "kustomization.yaml";

    private static readonly HashSet<string> SupportedFields =
        ["apiVersion", "kind", "resources", "patches", "replicas", "images", "namespace"];

    public static JsonObject LoadKustomization(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var documents = YamlLoader.LoadObjects(path);
        return documents.Count == 1 ? documents[0] : throw new FormatException($"{path}: expected one document");
    }

    public static IReadOnlyList<JsonObject> Render(string directory)
    {
        var kustomization = LoadKustomization(directory);
        var where = RepoPaths.Relative(Path.Combine(directory, FileName));
        if (Manifest.Str(kustomization["kind"]) != "Kustomization")
        {
            throw new NotSupportedException($"{where}: kind must be Kustomization");
        }

        foreach (var field in kustomization.Select(p => p.Key).Where(f => !SupportedFields.Contains(f)))
        {
            throw new NotSupportedException($"{where}: field '{field}' is not supported by the test renderer; extend KustomizeRenderer");
        }

        var objects = new List<JsonObject>();
        foreach (var resource in Manifest.Strings(kustomization["resources"]))
        {
            var full = Path.GetFullPath(Path.Combine(directory, resource));
            if (Directory.Exists(full))
            {
                objects.AddRange(Render(full));
            }
            else if (File.Exists(full))
            {
                objects.AddRange(YamlLoader.LoadObjects(full).Select(o => (JsonObject)o.DeepClone()));
            }
            else
            {
                throw new FileNotFoundException($"{where}: resource '{resource}' does not exist", full);
            }
        }

        foreach (var patch in Manifest.Objects(kustomization["patches"]))
        {
            ApplyPatch(objects, patch, directory, where);
        }

        foreach (var replica in Manifest.Objects(kustomization["replicas"]))
        {
            var name = Manifest.Str(replica["name"]);
            var count = Manifest.Long(replica["count"]) ?? throw new FormatException($"{where}: replicas entry without count");
            var targets = objects.Where(o => Manifest.Kind(o) is "Deployment" or "StatefulSet" or "ReplicaSet" && Manifest.Name(o) == name).ToList();
            if (targets.Count == 0)
            {
                throw new InvalidOperationException($"{where}: replicas names '{name}', which is not a resource");
            }

            foreach (var target in targets)
            {
                target["spec"]!["replicas"] = count;
            }
        }

        foreach (var image in Manifest.Objects(kustomization["images"]))
        {
            SetImages(objects, image);
        }

        if (Manifest.Str(kustomization["namespace"]) is { } ns)
        {
            SetNamespace(objects, ns);
        }

        return objects;
    }

    private static void ApplyPatch(List<JsonObject> objects, JsonObject patch, string directory, string where)
    {
        if (patch.ContainsKey("patch") || patch.ContainsKey("target") || patch.ContainsKey("options"))
        {
            throw new NotSupportedException($"{where}: only `patches: - path: FILE` (strategic merge) is supported by the test renderer");
        }

        var relative = Manifest.Str(patch["path"]) ?? throw new FormatException($"{where}: a patch without path");
        var path = Path.GetFullPath(Path.Combine(directory, relative));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{where}: patch '{relative}' does not exist", path);
        }

        foreach (var document in YamlLoader.LoadObjects(path))
        {
            var kind = Manifest.Kind(document);
            var name = Manifest.Name(document);
            var targets = objects.Where(o => Manifest.Kind(o) == kind && Manifest.Name(o) == name).ToList();
            if (targets.Count != 1)
            {
                throw new InvalidOperationException($"{where}: patch {relative} targets {kind}/{name}, which matches {targets.Count} resources");
            }

            StrategicMerge.Apply(targets[0], document);
        }
    }

    private static void SetImages(List<JsonObject> objects, JsonObject entry)
    {
        var name = Manifest.Str(entry["name"]) ?? throw new FormatException("an images entry without name");
        var newName = Manifest.Str(entry["newName"]);
        var newTag = Manifest.Str(entry["newTag"]);
        var digest = Manifest.Str(entry["digest"]);
        foreach (var container in Manifest.PodTemplates(objects).SelectMany(p => p.Containers))
        {
            if (container.Image is not { } image)
            {
                continue;
            }

            var (repository, tag, currentDigest) = Manifest.ParseImage(image);
            if (repository != name)
            {
                continue;
            }

            var result = newName ?? repository;
            if (digest is not null)
            {
                result += "@" + digest;
            }
            else if ((newTag ?? tag) is { } t)
            {
                result += ":" + t;
            }
            else if (currentDigest is not null)
            {
                result += "@" + currentDigest;
            }

            container.Container["image"] = result;
        }
    }

    private static void SetNamespace(List<JsonObject> objects, string ns)
    {
        foreach (var o in objects)
        {
            var kind = Manifest.Kind(o);
            if (!Manifest.IsClusterScoped(kind))
            {
                o["metadata"]!["namespace"] = ns;
            }

            if (kind is "RoleBinding" or "ClusterRoleBinding")
            {
                foreach (var subject in Manifest.Objects(o["subjects"]))
                {
                    if (Manifest.Str(subject["kind"]) == "ServiceAccount" && subject["namespace"] is null)
                    {
                        subject["namespace"] = ns;
                    }
                }
            }
        }
    }
}
