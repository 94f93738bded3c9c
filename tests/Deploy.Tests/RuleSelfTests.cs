using System.Text.Json.Nodes;
using Hybrid.Deploy.Tests.Infrastructure;
using Hybrid.Deploy.Tests.Rules;
using static Hybrid.Deploy.Tests.Infrastructure.Manifest;

namespace Hybrid.Deploy.Tests;

/// <summary>
/// Each rule fails on a deliberately broken copy of the prod render (the files are never touched), so a
/// green <see cref="InvariantTests"/> run means the invariant holds, not that the check is blind.
/// </summary>
public sealed class RuleSelfTests
{
    private static readonly Dictionary<string, (string Rule, string Expect, Action<List<JsonObject>> Break)> Mutations = new()
    {
        ["silo port 30000 not declared"] = (nameof(DeploymentRules.ComponentPorts), "containerPort 30000",
            o => Container(o, "silo")["ports"] = new JsonArray(new JsonObject { ["name"] = "orleans-silo", ["containerPort"] = 11111 })),
        ["gpu on the gateway"] = (nameof(DeploymentRules.GpuOnlyOnRiva), "containers/gateway",
            o => Container(o, "gateway")["resources"]!["limits"]!["nvidia.com/gpu"] = 1),
        ["gpu on the silo container too"] = (nameof(DeploymentRules.GpuOnlyOnRiva), "containers/silo",
            o => Container(o, "silo")["resources"]!["limits"]!["nvidia.com/gpu"] = 1),
        ["no gpu on riva"] = (nameof(DeploymentRules.GpuOnlyOnRiva), "0 containers request a GPU",
            o => ((JsonObject)Container(o, "riva")["resources"]!["limits"]!).Remove("nvidia.com/gpu")),
        ["two gpus on riva"] = (nameof(DeploymentRules.GpuOnlyOnRiva), "must be 1",
            o => Container(o, "riva")["resources"]!["limits"]!["nvidia.com/gpu"] = 2),
        ["silo without gpu toleration"] = (nameof(DeploymentRules.GpuScheduling), "tolerate",
            o => Pod(o, "hybrid-silo").Remove("tolerations")),
        ["silo without gpu node selector"] = (nameof(DeploymentRules.GpuScheduling), "select GPU nodes",
            o => Pod(o, "hybrid-silo").Remove("nodeSelector")),
        ["gateway tolerates the gpu taint"] = (nameof(DeploymentRules.GpuScheduling), "hybrid-gateway",
            o => Pod(o, "hybrid-gateway")["tolerations"] = new JsonArray(new JsonObject { ["key"] = "nvidia.com/gpu", ["operator"] = "Exists", ["effect"] = "NoSchedule" })),
        ["latest tag"] = (nameof(DeploymentRules.ImageTags), "latest",
            o => Container(o, "gateway")["image"] = "ghcr.io/hybrid/gateway:latest"),
        ["untagged image"] = (nameof(DeploymentRules.ImageTags), "no tag",
            o => Container(o, "silo")["image"] = "ghcr.io/hybrid/silo"),
        ["gateway without readiness"] = (nameof(DeploymentRules.Probes), "no readinessProbe",
            o => Container(o, "gateway").Remove("readinessProbe")),
        ["riva without startup probe"] = (nameof(DeploymentRules.Probes), "startupProbe",
            o => Container(o, "riva").Remove("startupProbe")),
        ["riva probe on the wrong path"] = (nameof(DeploymentRules.RivaSidecar), "readinessProbe",
            o => Container(o, "riva")["readinessProbe"]!["httpGet"]!["path"] = "/"),
        ["riva as a regular container"] = (nameof(DeploymentRules.RivaSidecar), "native sidecar",
            o => Container(o, "riva").Remove("restartPolicy")),
        ["cpu limit"] = (nameof(DeploymentRules.ResourceRequests), "CPU limit",
            o => Container(o, "silo")["resources"]!["limits"]!["cpu"] = "1"),
        ["no memory request"] = (nameof(DeploymentRules.ResourceRequests), "no memory request",
            o => ((JsonObject)Container(o, "gateway")["resources"]!["requests"]!).Remove("memory")),
        ["selector mismatch"] = (nameof(DeploymentRules.SelectorsMatchTemplates), "does not match",
            o => Find(o, "Deployment", "hybrid-silo")!["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"] = "silo"),
        ["missing standard label"] = (nameof(DeploymentRules.WorkloadLabels), "app.kubernetes.io/part-of",
            o => ((JsonObject)Find(o, "Deployment", "hybrid-gateway")!["spec"]!["template"]!["metadata"]!["labels"]!).Remove("app.kubernetes.io/part-of")),
        ["service selects nothing"] = (nameof(DeploymentRules.ServicesSelectPods), "matches no pod template",
            o => Find(o, "Service", "hybrid-gateway")!["spec"]!["selector"]!["app.kubernetes.io/component"] = "gateways"),
        ["service targets a missing port"] = (nameof(DeploymentRules.ServicesSelectPods), "targetPort",
            o => Objects(Find(o, "Service", "hybrid-gateway")!["spec"]!["ports"]).First()["targetPort"] = "web"),
        ["pdb selects nothing"] = (nameof(DeploymentRules.DisruptionBudgetsSelectWorkloads), "matches 0 workloads",
            o => Find(o, "PodDisruptionBudget", "hybrid-silo")!["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"] = "silo"),
        ["role without patch"] = (nameof(DeploymentRules.OrleansHostingRbac), "no Role grants pods",
            o => Objects(Find(o, "Role", "hybrid-orleans-hosting")!["rules"]).First()["verbs"] = new JsonArray("get", "list", "watch")),
        ["silo without token"] = (nameof(DeploymentRules.OrleansHostingRbac), "automountServiceAccountToken",
            o => Pod(o, "hybrid-silo")["automountServiceAccountToken"] = false),
        ["gateway mounts a token"] = (nameof(DeploymentRules.TokenOnlyWhereBound), "hybrid-gateway",
            o => Pod(o, "hybrid-gateway")["automountServiceAccountToken"] = true),
        ["cluster id label drift"] = (nameof(DeploymentRules.OrleansIdentity), "orleans/clusterId",
            o => Find(o, "Deployment", "hybrid-silo")!["spec"]!["template"]!["metadata"]!["labels"]!["orleans/clusterId"] = "other"),
        ["advertised ip not the pod ip"] = (nameof(DeploymentRules.DownwardApi), "Orleans__AdvertisedIP",
            o => Objects(Container(o, "silo")["env"]).First(e => Str(e["name"]) == "Orleans__AdvertisedIP")["valueFrom"]!["fieldRef"]!["fieldPath"] = "status.hostIP"),
        ["short grace period"] = (nameof(DeploymentRules.GracefulShutdown), "< 150",
            o => Pod(o, "hybrid-silo")["terminationGracePeriodSeconds"] = 30),
        ["unavailable during rollout"] = (nameof(DeploymentRules.RollingUpdates), "maxUnavailable 0",
            o => Find(o, "Deployment", "hybrid-silo")!["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"] = 1),
        ["hpa fights replicas"] = (nameof(DeploymentRules.GatewayAutoscaling), "owns the count",
            o => Find(o, "Deployment", "hybrid-gateway")!["spec"]!["replicas"] = 2),
        ["silo port opened to everyone"] = (nameof(DeploymentRules.NetworkPolicyPorts), "expected [silo:11111, gateway:30000]",
            o => ((JsonArray)Find(o, "NetworkPolicy", "hybrid-silo")!["spec"]!["ingress"]!).Add(new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["port"] = 50051 }) })),
        ["no default deny"] = (nameof(DeploymentRules.NetworkPolicyPorts), "default-deny",
            o => o.Remove(Find(o, "NetworkPolicy", "hybrid-default-deny-ingress")!)),
        ["unquoted config value"] = (nameof(DeploymentRules.ConfigMapValuesAreStrings), "Asr__Embedded",
            o => Find(o, "ConfigMap", "hybrid-silo-config")!["data"]!["Asr__Embedded"] = false),
        ["missing config map"] = (nameof(DeploymentRules.ReferencesExist), "hybrid-silo-config",
            o => o.Remove(Find(o, "ConfigMap", "hybrid-silo-config")!)),
        ["secret applied from the repository"] = (nameof(DeploymentRules.NoSecretObjects), "out of band",
            o => o.Add(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "x" } })),
        ["no pdb for the gateway"] = (nameof(DeploymentRules.DisruptionBudgetsCoverComponents), "hybrid-gateway",
            o => o.Remove(Find(o, "PodDisruptionBudget", "hybrid-gateway")!)),
    };

    public static TheoryData<string> Cases() => new(Mutations.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void EveryRuleHasABreakingCase()
    {
        var covered = Mutations.Values.Select(m => m.Rule).ToHashSet();
        var uncovered = DeploymentRules.Generic.Keys.Concat(DeploymentRules.Application.Keys)
            .Where(r => !covered.Contains(r) && r is not (nameof(DeploymentRules.NetworkPolicySelectors) or nameof(DeploymentRules.UniqueObjects)));

        Assert.Empty(uncovered);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RuleCatchesTheBreak(string mutation)
    {
        var (rule, expect, breakIt) = Mutations[mutation];
        var check = DeploymentRules.Generic.TryGetValue(rule, out var generic) ? generic : DeploymentRules.Application[rule];
        var objects = RenderTargets.Clone(RenderTargets.Prod);
        Assert.Empty(check(objects));

        breakIt(objects);

        var violations = check(objects);
        Assert.Contains(violations, v => v.Contains(expect, StringComparison.Ordinal));
    }

    [Fact]
    public void NetworkPolicySelectorsCatchATypo()
    {
        var objects = RenderTargets.Clone(RenderTargets.Prod);
        Find(objects, "NetworkPolicy", "hybrid-silo")!["spec"]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"] = "silos";

        Assert.Contains(DeploymentRules.NetworkPolicySelectors(objects), v => v.Contains("matches no pod template", StringComparison.Ordinal));
    }

    [Fact]
    public void UniqueObjectsCatchesADuplicate()
    {
        var objects = RenderTargets.Clone(RenderTargets.Prod);
        objects.Add((JsonObject)Find(objects, "ConfigMap", "hybrid-config")!.DeepClone());

        Assert.Contains(DeploymentRules.UniqueObjects(objects), v => v.Contains("ConfigMap/hybrid-config", StringComparison.Ordinal));
    }

    private static JsonObject Pod(List<JsonObject> objects, string deployment) =>
        (JsonObject)Find(objects, "Deployment", deployment)!["spec"]!["template"]!["spec"]!;

    private static JsonObject Container(List<JsonObject> objects, string name) =>
        PodTemplates(objects).SelectMany(p => p.Containers).Single(c => c.Name == name).Container;
}
