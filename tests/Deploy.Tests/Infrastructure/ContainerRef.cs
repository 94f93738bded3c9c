using System.Text.Json.Nodes;

namespace Hybrid.Deploy.Tests.Infrastructure;

/// <summary>A container of a pod template.</summary>
public sealed record ContainerRef(PodTemplate Pod, JsonObject Container, bool IsInit)
{
    public string Name => Manifest.Str(Container["name"]) ?? "(unnamed)";

    /// <summary>A native sidecar: an init container with <c>restartPolicy: Always</c> (Kubernetes 1.29+).</summary>
    public bool IsSidecar => IsInit && Manifest.Str(Container["restartPolicy"]) == "Always";

    public string Id => $"{Pod.Id}/{(IsInit ? "initContainers" : "containers")}/{Name}";

    public string? Image => Manifest.Str(Container["image"]);

    public IReadOnlyDictionary<string, string> Requests => Manifest.Map(Container["resources"]?["requests"]);

    public IReadOnlyDictionary<string, string> Limits => Manifest.Map(Container["resources"]?["limits"]);

    public IEnumerable<long> ContainerPorts =>
        Manifest.Objects(Container["ports"]).Select(p => Manifest.Long(p["containerPort"])).OfType<long>();

    public IEnumerable<string> PortNames =>
        Manifest.Objects(Container["ports"]).Select(p => Manifest.Str(p["name"])).OfType<string>();

    public JsonObject? Probe(string kind) => Container[kind] as JsonObject;

    /// <summary>Literal env values and the names of env entries (valueFrom included).</summary>
    public IEnumerable<JsonObject> Env => Manifest.Objects(Container["env"]);

    public string? EnvValue(string name) =>
        Env.Where(e => Manifest.Str(e["name"]) == name).Select(e => Manifest.Str(e["value"])).FirstOrDefault();

    public IEnumerable<string> ConfigMapRefs =>
        Manifest.Objects(Container["envFrom"]).Select(e => Manifest.Str(e["configMapRef"]?["name"])).OfType<string>()
            .Concat(Env.Select(e => Manifest.Str(e["valueFrom"]?["configMapKeyRef"]?["name"])).OfType<string>());

    public IEnumerable<string> SecretRefs =>
        Manifest.Objects(Container["envFrom"]).Select(e => Manifest.Str(e["secretRef"]?["name"])).OfType<string>()
            .Concat(Env.Select(e => Manifest.Str(e["valueFrom"]?["secretKeyRef"]?["name"])).OfType<string>());

    public bool RequestsGpu => Requests.ContainsKey(Gpu) || Limits.ContainsKey(Gpu);

    public const string Gpu = "nvidia.com/gpu";

    public override string ToString() => Id;
}
