using System.Text.Json.Nodes;

namespace Hybrid.Deploy.Tests.Infrastructure;

/// <summary>The pod template of a workload object.</summary>
public sealed record PodTemplate(JsonObject Owner, JsonObject Template)
{
    public string OwnerKind => Manifest.Kind(Owner);

    public string OwnerName => Manifest.Name(Owner);

    public string Id => Manifest.Id(Owner);

    public JsonObject Spec => Template["spec"] as JsonObject ?? throw new FormatException($"{Id}: template without spec");

    public IReadOnlyDictionary<string, string> Labels => Manifest.Map(Template["metadata"]?["labels"]);

    /// <summary>Deployments, StatefulSets, DaemonSets: pods meant to keep running (probes apply).</summary>
    public bool IsLongRunning => OwnerKind is "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet";

    public string? Component => Labels.GetValueOrDefault("app.kubernetes.io/component");

    /// <summary>Containers and init containers, each marked init / native sidecar.</summary>
    public IReadOnlyList<ContainerRef> Containers =>
        Manifest.Objects(Spec["initContainers"]).Select(c => new ContainerRef(this, c, IsInit: true))
            .Concat(Manifest.Objects(Spec["containers"]).Select(c => new ContainerRef(this, c, IsInit: false)))
            .ToList();

    public IEnumerable<JsonObject> Tolerations => Manifest.Objects(Spec["tolerations"]);

    public IReadOnlyDictionary<string, string> NodeSelector => Manifest.Map(Spec["nodeSelector"]);

    /// <summary>Keys required by node affinity (any term); used together with <see cref="NodeSelector"/>.</summary>
    public IEnumerable<string> RequiredNodeAffinityKeys =>
        Manifest.Objects(Spec["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"])
            .SelectMany(t => Manifest.Objects(t["matchExpressions"]))
            .Select(e => Manifest.Str(e["key"]))
            .OfType<string>();

    public override string ToString() => Id;
}
