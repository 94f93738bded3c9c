using System.Text.Json;
using System.Text.Json.Nodes;
using Hybrid.Deploy.Tests.Infrastructure;
using static Hybrid.Deploy.Tests.Infrastructure.Manifest;

namespace Hybrid.Deploy.Tests.Rules;

/// <summary>
/// The invariants of the Kubernetes deployment, each a function from a render to its violations (empty:
/// holds). Tests assert them on every render and, on deliberately broken copies, that they can fail.
/// </summary>
public static class DeploymentRules
{
    public const string Silo = "silo";
    public const string Gateway = "gateway";
    public const string RivaContainer = "riva";
    public const string GpuTaintKey = "nvidia.com/gpu";
    public const string GpuNodeLabel = "accelerator";

    private static readonly string[] StandardLabels =
        ["app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/part-of"];

    private static readonly string[] OrleansHostingVerbs = ["get", "list", "watch", "patch"];

    /// <summary>Rules that hold for every render (applications and the scale-to-zero jobs).</summary>
    public static readonly IReadOnlyDictionary<string, Func<IReadOnlyList<JsonObject>, List<string>>> Generic =
        new Dictionary<string, Func<IReadOnlyList<JsonObject>, List<string>>>
        {
            [nameof(WorkloadLabels)] = WorkloadLabels,
            [nameof(SelectorsMatchTemplates)] = SelectorsMatchTemplates,
            [nameof(ResourceRequests)] = ResourceRequests,
            [nameof(Probes)] = Probes,
            [nameof(GpuOnlyOnRiva)] = GpuOnlyOnRiva,
            [nameof(GpuScheduling)] = GpuScheduling,
            [nameof(ServicesSelectPods)] = ServicesSelectPods,
            [nameof(DisruptionBudgetsSelectWorkloads)] = DisruptionBudgetsSelectWorkloads,
            [nameof(ImageTags)] = ImageTags,
            [nameof(NoSecretObjects)] = NoSecretObjects,
            [nameof(ConfigMapValuesAreStrings)] = ConfigMapValuesAreStrings,
            [nameof(ReferencesExist)] = ReferencesExist,
            [nameof(TokenOnlyWhereBound)] = TokenOnlyWhereBound,
            [nameof(NetworkPolicySelectors)] = NetworkPolicySelectors,
            [nameof(UniqueObjects)] = UniqueObjects,
        };

    /// <summary>Rules for renders that deploy the application (base, dev, prod).</summary>
    public static readonly IReadOnlyDictionary<string, Func<IReadOnlyList<JsonObject>, List<string>>> Application =
        new Dictionary<string, Func<IReadOnlyList<JsonObject>, List<string>>>
        {
            [nameof(ComponentPorts)] = ComponentPorts,
            [nameof(RivaSidecar)] = RivaSidecar,
            [nameof(OrleansHostingRbac)] = OrleansHostingRbac,
            [nameof(OrleansIdentity)] = OrleansIdentity,
            [nameof(DownwardApi)] = DownwardApi,
            [nameof(GracefulShutdown)] = GracefulShutdown,
            [nameof(RollingUpdates)] = RollingUpdates,
            [nameof(GatewayAutoscaling)] = GatewayAutoscaling,
            [nameof(DisruptionBudgetsCoverComponents)] = DisruptionBudgetsCoverComponents,
            [nameof(NetworkPolicyPorts)] = NetworkPolicyPorts,
        };

    public static List<string> WorkloadLabels(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var pod in PodTemplates(objects))
        {
            var ownerLabels = Map(pod.Owner["metadata"]?["labels"]);
            foreach (var label in StandardLabels)
            {
                if (!ownerLabels.ContainsKey(label))
                {
                    violations.Add($"{pod.Id}: metadata.labels lacks {label}");
                }

                if (!pod.Labels.ContainsKey(label))
                {
                    violations.Add($"{pod.Id}: pod template lacks label {label}");
                }
            }

            if (pod.Labels.GetValueOrDefault("app.kubernetes.io/part-of") is { } partOf && partOf != "hybrid")
            {
                violations.Add($"{pod.Id}: app.kubernetes.io/part-of is '{partOf}', not 'hybrid'");
            }
        }

        return violations;
    }

    public static List<string> SelectorsMatchTemplates(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var pod in PodTemplates(objects).Where(p => p.OwnerKind is "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet"))
        {
            var selector = pod.Owner["spec"]?["selector"];
            var matchLabels = Map(selector?["matchLabels"]);
            if (selector?["matchExpressions"] is not null)
            {
                violations.Add($"{pod.Id}: selector uses matchExpressions; use matchLabels");
            }

            if (matchLabels.Count == 0)
            {
                violations.Add($"{pod.Id}: selector.matchLabels is empty");
            }
            else if (!Matches(matchLabels, pod.Labels))
            {
                violations.Add($"{pod.Id}: selector {Show(matchLabels)} does not match its template labels {Show(pod.Labels)}");
            }
        }

        return violations;
    }

    public static List<string> ResourceRequests(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var container in PodTemplates(objects).SelectMany(p => p.Containers))
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                if (!container.Requests.ContainsKey(resource))
                {
                    violations.Add($"{container.Id}: no {resource} request");
                }
            }

            if (!container.Limits.ContainsKey("memory"))
            {
                violations.Add($"{container.Id}: no memory limit");
            }

            // CPU limits throttle: for silos that delays membership probes and gets healthy silos voted dead.
            if (container.Limits.ContainsKey("cpu"))
            {
                violations.Add($"{container.Id}: has a CPU limit (use requests only)");
            }
        }

        return violations;
    }

    public static List<string> Probes(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var container in PodTemplates(objects).Where(p => p.IsLongRunning).SelectMany(p => p.Containers))
        {
            if (container.IsInit && !container.IsSidecar)
            {
                continue; // runs to completion before the pod starts: no probes apply
            }

            if (container.Probe("readinessProbe") is null)
            {
                violations.Add($"{container.Id}: no readinessProbe");
            }

            if (container.Probe("livenessProbe") is null)
            {
                violations.Add($"{container.Id}: no livenessProbe");
            }

            // A native sidecar's startup probe is what holds back the main containers until it serves.
            if (container.IsSidecar && container.Probe("startupProbe") is null)
            {
                violations.Add($"{container.Id}: a native sidecar without startupProbe does not gate the main container");
            }
        }

        return violations;
    }

    public static List<string> ComponentPorts(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        var expected = new Dictionary<string, long[]> { [Silo] = [11111, 30000], [Gateway] = [8080] };
        foreach (var (component, ports) in expected)
        {
            var pods = PodTemplates(objects).Where(p => p.Component == component).ToList();
            if (pods.Count == 0)
            {
                violations.Add($"no workload with app.kubernetes.io/component={component}");
            }

            foreach (var pod in pods)
            {
                var main = pod.Containers.FirstOrDefault(c => !c.IsInit && c.Name == component);
                if (main is null)
                {
                    violations.Add($"{pod.Id}: no container named '{component}'");
                    continue;
                }

                foreach (var port in ports.Where(p => !main.ContainerPorts.Contains(p)))
                {
                    violations.Add($"{main.Id}: containerPort {port} not declared");
                }
            }
        }

        return violations;
    }

    public static List<string> GpuOnlyOnRiva(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var pod in PodTemplates(objects))
        {
            var gpuContainers = pod.Containers.Where(c => c.RequestsGpu).ToList();
            foreach (var container in gpuContainers)
            {
                if (pod.Component != Silo || !container.IsSidecar || container.Name != RivaContainer)
                {
                    violations.Add($"{container.Id}: requests {ContainerRef.Gpu}; only the Riva sidecar of the silo pods may");
                    continue;
                }

                if (container.Limits.GetValueOrDefault(ContainerRef.Gpu) != "1")
                {
                    violations.Add($"{container.Id}: limits.{ContainerRef.Gpu} must be 1");
                }

                if (container.Requests.TryGetValue(ContainerRef.Gpu, out var request) && request != container.Limits.GetValueOrDefault(ContainerRef.Gpu))
                {
                    violations.Add($"{container.Id}: requests.{ContainerRef.Gpu} differs from its limit");
                }
            }

            if (pod.Component == Silo && gpuContainers.Count != 1)
            {
                violations.Add($"{pod.Id}: {gpuContainers.Count} containers request a GPU; exactly the Riva sidecar must");
            }
        }

        return violations;
    }

    public static List<string> GpuScheduling(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var pod in PodTemplates(objects))
        {
            var toleratesGpu = pod.Tolerations.Any(t =>
                (Str(t["key"]) == GpuTaintKey || (t["key"] is null && Str(t["operator"]) == "Exists"))
                && Str(t["effect"]) is null or "NoSchedule");
            var selectsGpu = pod.NodeSelector.ContainsKey(GpuNodeLabel) || pod.RequiredNodeAffinityKeys.Contains(GpuNodeLabel);
            if (pod.Component == Silo)
            {
                if (!toleratesGpu)
                {
                    violations.Add($"{pod.Id}: silo pods must tolerate the {GpuTaintKey}:NoSchedule taint of the GPU nodes");
                }

                if (!selectsGpu)
                {
                    violations.Add($"{pod.Id}: silo pods must select GPU nodes (nodeSelector or required node affinity on '{GpuNodeLabel}')");
                }
            }
            else
            {
                if (toleratesGpu)
                {
                    violations.Add($"{pod.Id}: only silo pods may tolerate the GPU taint");
                }

                if (selectsGpu)
                {
                    violations.Add($"{pod.Id}: only silo pods may select GPU nodes");
                }
            }
        }

        return violations;
    }

    public static List<string> RivaSidecar(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var pod in PodTemplates(objects).Where(p => p.Component == Silo))
        {
            var riva = pod.Containers.FirstOrDefault(c => c.Name == RivaContainer);
            if (riva is null || !riva.IsSidecar)
            {
                violations.Add($"{pod.Id}: no native sidecar '{RivaContainer}' (initContainer with restartPolicy: Always)");
                continue;
            }

            if (!riva.ContainerPorts.Contains(50051))
            {
                violations.Add($"{riva.Id}: gRPC port 50051 not declared");
            }

            foreach (var probe in new[] { "startupProbe", "readinessProbe" })
            {
                var http = riva.Probe(probe)?["httpGet"];
                if (Str(http?["path"]) != "/v1/health/ready" || ResolvePort(riva, http?["port"]) != 9000)
                {
                    violations.Add($"{riva.Id}: {probe} must be GET :9000/v1/health/ready");
                }
            }

            var config = EffectiveConfig(objects, pod.Containers.First(c => c.Name == Silo));
            if (config.GetValueOrDefault("Asr__Embedded") != "false")
            {
                violations.Add($"{pod.Id}: Asr__Embedded must be false next to a Riva sidecar");
            }

            if (config.GetValueOrDefault("Asr__Endpoint") != "http://127.0.0.1:50051")
            {
                violations.Add($"{pod.Id}: Asr__Endpoint must be the sidecar, http://127.0.0.1:50051");
            }
        }

        return violations;
    }

    public static List<string> ServicesSelectPods(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        var pods = PodTemplates(objects);
        foreach (var service in OfKind(objects, "Service"))
        {
            var selector = Map(service["spec"]?["selector"]);
            var matched = pods.Where(p => Matches(selector, p.Labels)).ToList();
            if (matched.Count == 0)
            {
                violations.Add($"{Id(service)}: selector {Show(selector)} matches no pod template");
                continue;
            }

            foreach (var port in Objects(service["spec"]?["ports"]))
            {
                var target = port["targetPort"] ?? port["port"];
                foreach (var pod in matched.Where(p => !p.Containers.Any(c => ResolvePort(c, target) is not null)))
                {
                    violations.Add($"{Id(service)}: targetPort {Str(target)} is not a port of {pod.Id}");
                }
            }
        }

        return violations;
    }

    public static List<string> DisruptionBudgetsSelectWorkloads(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        var pods = PodTemplates(objects).Where(p => p.IsLongRunning).ToList();
        foreach (var pdb in OfKind(objects, "PodDisruptionBudget"))
        {
            var selector = Map(pdb["spec"]?["selector"]?["matchLabels"]);
            var matched = pods.Where(p => Matches(selector, p.Labels)).ToList();
            if (matched.Count != 1)
            {
                violations.Add($"{Id(pdb)}: selector {Show(selector)} matches {matched.Count} workloads, not exactly one");
            }

            if (pdb["spec"]?["maxUnavailable"] is null && pdb["spec"]?["minAvailable"] is null)
            {
                violations.Add($"{Id(pdb)}: neither maxUnavailable nor minAvailable");
            }
        }

        return violations;
    }

    public static List<string> DisruptionBudgetsCoverComponents(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        var budgets = OfKind(objects, "PodDisruptionBudget").Select(p => Map(p["spec"]?["selector"]?["matchLabels"])).ToList();
        foreach (var pod in PodTemplates(objects).Where(p => p.Component is Silo or Gateway))
        {
            if (!budgets.Any(b => Matches(b, pod.Labels)))
            {
                violations.Add($"{pod.Id}: no PodDisruptionBudget selects it");
            }
        }

        return violations;
    }

    public static List<string> OrleansHostingRbac(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        var roles = OfKind(objects, "Role").Where(r => Objects(r["rules"]).Any(rule =>
            Strings(rule["apiGroups"]).Contains(string.Empty)
            && Strings(rule["resources"]).Contains("pods")
            && rule["resourceNames"] is null
            && OrleansHostingVerbs.All(v => Strings(rule["verbs"]).Contains(v)))).Select(Name).ToHashSet();
        if (roles.Count == 0)
        {
            violations.Add($"no Role grants pods {string.Join('/', OrleansHostingVerbs)} (Microsoft.Orleans.Hosting.Kubernetes)");
        }

        var boundAccounts = OfKind(objects, "RoleBinding")
            .Where(b => Str(b["roleRef"]?["kind"]) == "Role" && roles.Contains(Str(b["roleRef"]?["name"]) ?? string.Empty))
            .SelectMany(b => Objects(b["subjects"]).Where(s => Str(s["kind"]) == "ServiceAccount").Select(s => Str(s["name"])))
            .ToHashSet();
        foreach (var pod in PodTemplates(objects).Where(p => p.Component == Silo))
        {
            var account = Str(pod.Spec["serviceAccountName"]);
            if (account is null || !boundAccounts.Contains(account))
            {
                violations.Add($"{pod.Id}: service account '{account}' is not bound to the Orleans hosting Role");
            }

            if (pod.Spec["automountServiceAccountToken"] is not JsonValue mount || !mount.TryGetValue<bool>(out var mounted) || !mounted)
            {
                violations.Add($"{pod.Id}: the Orleans Kubernetes hosting agent needs automountServiceAccountToken: true");
            }
        }

        return violations;
    }

    public static List<string> TokenOnlyWhereBound(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        var bound = OfKind(objects, "RoleBinding").Concat(OfKind(objects, "ClusterRoleBinding"))
            .SelectMany(b => Objects(b["subjects"]).Where(s => Str(s["kind"]) == "ServiceAccount").Select(s => Str(s["name"])))
            .ToHashSet();
        var accounts = OfKind(objects, "ServiceAccount").ToDictionary(Name);
        foreach (var account in accounts.Values.Where(a => Str(a["automountServiceAccountToken"]) != "false"))
        {
            violations.Add($"{Id(account)}: set automountServiceAccountToken: false (pods that need a token opt in)");
        }

        foreach (var pod in PodTemplates(objects))
        {
            var account = Str(pod.Spec["serviceAccountName"]) ?? "default";
            var podSetting = Str(pod.Spec["automountServiceAccountToken"]);
            var accountSetting = accounts.TryGetValue(account, out var sa) ? Str(sa["automountServiceAccountToken"]) : null;
            var mounts = (podSetting ?? accountSetting ?? "true") == "true";
            if (mounts && !bound.Contains(account))
            {
                violations.Add($"{pod.Id}: mounts an API token, but its service account '{account}' has no RoleBinding");
            }
        }

        return violations;
    }

    public static List<string> ImageTags(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var container in PodTemplates(objects).SelectMany(p => p.Containers))
        {
            if (container.Image is not { } image)
            {
                violations.Add($"{container.Id}: no image");
                continue;
            }

            var (_, tag, digest) = ParseImage(image);
            if (digest is null && tag is null)
            {
                violations.Add($"{container.Id}: image '{image}' has no tag (means latest)");
            }
            else if (string.Equals(tag, "latest", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{container.Id}: image '{image}' uses the latest tag");
            }
        }

        return violations;
    }

    public static List<string> NoSecretObjects(IReadOnlyList<JsonObject> objects) =>
        OfKind(objects, "Secret").Select(s => $"{Id(s)}: secrets are created out of band, never applied from the repository").ToList();

    public static List<string> ConfigMapValuesAreStrings(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var map in OfKind(objects, "ConfigMap"))
        {
            if (map["data"] is not JsonObject data)
            {
                continue;
            }

            foreach (var (key, value) in data)
            {
                if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                {
                    violations.Add($"{Id(map)}: data.{key} must be a (quoted) string");
                }
            }
        }

        return violations;
    }

    public static List<string> ReferencesExist(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        var configMaps = OfKind(objects, "ConfigMap").Select(Name).ToHashSet();
        var accounts = OfKind(objects, "ServiceAccount").Select(Name).ToHashSet();
        var secrets = SecretTemplates.Load().Select(Name).ToHashSet();
        foreach (var pod in PodTemplates(objects))
        {
            if (Str(pod.Spec["serviceAccountName"]) is { } account && !accounts.Contains(account))
            {
                violations.Add($"{pod.Id}: service account '{account}' is not defined");
            }

            foreach (var pull in Objects(pod.Spec["imagePullSecrets"]).Select(s => Str(s["name"])).OfType<string>().Where(s => !secrets.Contains(s)))
            {
                violations.Add($"{pod.Id}: image pull secret '{pull}' is not in {SecretTemplates.RelativePath}");
            }

            foreach (var container in pod.Containers)
            {
                foreach (var name in container.ConfigMapRefs.Where(n => !configMaps.Contains(n)))
                {
                    violations.Add($"{container.Id}: ConfigMap '{name}' is not defined");
                }

                foreach (var name in container.SecretRefs.Where(n => !secrets.Contains(n)))
                {
                    violations.Add($"{container.Id}: Secret '{name}' is not in {SecretTemplates.RelativePath}");
                }
            }
        }

        return violations;
    }

    public static List<string> OrleansIdentity(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var pod in PodTemplates(objects).Where(p => p.Component == Silo))
        {
            var config = EffectiveConfig(objects, pod.Containers.First(c => c.Name == Silo));
            foreach (var (label, key) in new[] { ("orleans/serviceId", "Orleans__ServiceId"), ("orleans/clusterId", "Orleans__ClusterId") })
            {
                var labelValue = pod.Labels.GetValueOrDefault(label);
                var configValue = config.GetValueOrDefault(key);
                if (labelValue is null || labelValue != configValue)
                {
                    violations.Add($"{pod.Id}: label {label}={labelValue} differs from {key}={configValue}");
                }
            }
        }

        var ids = PodTemplates(objects).Where(p => p.Component is Silo or Gateway)
            .Select(p => EffectiveConfig(objects, p.Containers.First(c => !c.IsInit)))
            .Select(c => $"{c.GetValueOrDefault("Orleans__ServiceId")}/{c.GetValueOrDefault("Orleans__ClusterId")}")
            .Distinct().ToList();
        if (ids.Count > 1)
        {
            violations.Add($"silos and gateways name different clusters: {string.Join(", ", ids)}");
        }

        return violations;
    }

    public static List<string> DownwardApi(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        var expected = new Dictionary<string, string>
        {
            ["POD_NAME"] = "metadata.name",
            ["POD_IP"] = "status.podIP",
            ["POD_NAMESPACE"] = "metadata.namespace",
            ["Orleans__AdvertisedIP"] = "status.podIP",
            ["Orleans__SiloName"] = "metadata.name",
        };
        foreach (var silo in PodTemplates(objects).Where(p => p.Component == Silo).SelectMany(p => p.Containers).Where(c => c.Name == Silo))
        {
            foreach (var (name, field) in expected)
            {
                var entry = silo.Env.FirstOrDefault(e => Str(e["name"]) == name);
                if (Str(entry?["valueFrom"]?["fieldRef"]?["fieldPath"]) != field)
                {
                    violations.Add($"{silo.Id}: env {name} must come from the downward API field {field}");
                }
            }

            var config = EffectiveConfig(objects, silo);
            if (config.GetValueOrDefault("Orleans__ListenOnAnyHostAddress") != "true")
            {
                violations.Add($"{silo.Id}: Orleans__ListenOnAnyHostAddress must be true in a pod");
            }
        }

        return violations;
    }

    public static List<string> GracefulShutdown(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var pod in PodTemplates(objects).Where(p => p.Component is Silo or Gateway))
        {
            var main = pod.Containers.First(c => !c.IsInit);
            var grace = Long(pod.Spec["terminationGracePeriodSeconds"]) ?? 30;
            var shutdown = long.TryParse(EffectiveConfig(objects, main).GetValueOrDefault("DOTNET_shutdownTimeoutSeconds"), out var s) ? s : 30;
            var preStop = Long(main.Container["lifecycle"]?["preStop"]?["sleep"]?["seconds"]) ?? 0;
            if (pod.Component == Silo && grace < 150)
            {
                violations.Add($"{pod.Id}: terminationGracePeriodSeconds {grace} < 150 (session drain)");
            }

            if (grace <= preStop + shutdown)
            {
                violations.Add($"{pod.Id}: terminationGracePeriodSeconds {grace} must exceed preStop {preStop} s + host shutdown timeout {shutdown} s");
            }
        }

        return violations;
    }

    public static List<string> RollingUpdates(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var pod in PodTemplates(objects).Where(p => p.OwnerKind == "Deployment" && p.Component is Silo or Gateway))
        {
            var rolling = pod.Owner["spec"]?["strategy"]?["rollingUpdate"];
            if (Str(pod.Owner["spec"]?["strategy"]?["type"]) != "RollingUpdate"
                || Str(rolling?["maxUnavailable"]) != "0" || Str(rolling?["maxSurge"]) != "1")
            {
                violations.Add($"{pod.Id}: strategy must be RollingUpdate with maxUnavailable 0, maxSurge 1");
            }
        }

        return violations;
    }

    public static List<string> GatewayAutoscaling(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        var gateways = PodTemplates(objects).Where(p => p.Component == Gateway && p.OwnerKind == "Deployment").ToList();
        foreach (var hpa in OfKind(objects, "HorizontalPodAutoscaler"))
        {
            var target = hpa["spec"]?["scaleTargetRef"];
            var workload = Find(objects, Str(target?["kind"]) ?? string.Empty, Str(target?["name"]) ?? string.Empty);
            if (workload is null)
            {
                violations.Add($"{Id(hpa)}: scale target {Str(target?["kind"])}/{Str(target?["name"])} does not exist");
            }
            else if (workload["spec"]?["replicas"] is not null)
            {
                violations.Add($"{Id(workload)}: sets replicas although {Id(hpa)} owns the count (apply would reset it)");
            }

            if ((Long(hpa["spec"]?["minReplicas"]) ?? 1) < 2)
            {
                violations.Add($"{Id(hpa)}: minReplicas < 2");
            }

            if (!Objects(hpa["spec"]?["metrics"]).Any(m => Str(m["resource"]?["name"]) == "cpu"))
            {
                violations.Add($"{Id(hpa)}: no CPU metric");
            }
        }

        foreach (var gateway in gateways.Where(g => !OfKind(objects, "HorizontalPodAutoscaler").Any(h => Str(h["spec"]?["scaleTargetRef"]?["name"]) == g.OwnerName)))
        {
            violations.Add($"{gateway.Id}: no HorizontalPodAutoscaler");
        }

        return violations;
    }

    public static List<string> NetworkPolicySelectors(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        var pods = PodTemplates(objects);
        foreach (var policy in OfKind(objects, "NetworkPolicy"))
        {
            var selector = Map(policy["spec"]?["podSelector"]?["matchLabels"]);
            if (selector.Count > 0 && !pods.Any(p => Matches(selector, p.Labels)))
            {
                violations.Add($"{Id(policy)}: podSelector {Show(selector)} matches no pod template");
            }

            foreach (var peer in Objects(policy["spec"]?["ingress"]).SelectMany(r => Objects(r["from"])))
            {
                var from = Map(peer["podSelector"]?["matchLabels"]);
                if (from.Count > 0 && !pods.Any(p => Matches(from, p.Labels)))
                {
                    violations.Add($"{Id(policy)}: ingress from {Show(from)} matches no pod template");
                }
            }
        }

        return violations;
    }

    public static List<string> NetworkPolicyPorts(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        var policies = OfKind(objects, "NetworkPolicy").ToList();
        if (!policies.Any(p => p["spec"]?["podSelector"] is JsonObject s && s.Count == 0 && p["spec"]?["ingress"] is null
            && Strings(p["spec"]?["policyTypes"]).Contains("Ingress")))
        {
            violations.Add("no default-deny ingress NetworkPolicy (podSelector: {}, no ingress rules)");
        }

        var expected = new Dictionary<string, string[]>
        {
            [Silo] = ["silo:11111", "gateway:30000"],
            [Gateway] = ["*:8080"],
        };
        var pods = PodTemplates(objects);
        foreach (var (component, allowed) in expected)
        {
            var pod = pods.FirstOrDefault(p => p.Component == component);
            if (pod is null)
            {
                continue;
            }

            var actual = AllowedIngress(policies, pods, pod).Order(StringComparer.Ordinal).ToList();
            if (!actual.SequenceEqual(allowed.Order(StringComparer.Ordinal)))
            {
                violations.Add($"{pod.Id}: ingress allowed [{string.Join(", ", actual)}], expected [{string.Join(", ", allowed)}]");
            }
        }

        return violations;
    }

    public static List<string> UniqueObjects(IReadOnlyList<JsonObject> objects) =>
        objects.GroupBy(o => $"{Id(o)} in {Namespace(o)}").Where(g => g.Count() > 1).Select(g => $"{g.Key} is defined {g.Count()} times").ToList();

    /// <summary>
    /// What may reach <paramref name="pod"/>: "component:port" per allowed peer, "*" for any source; a rule
    /// without ports contributes "component:*".
    /// </summary>
    public static IEnumerable<string> AllowedIngress(IReadOnlyList<JsonObject> policies, IReadOnlyList<PodTemplate> pods, PodTemplate pod)
    {
        var result = new HashSet<string>();
        foreach (var policy in policies)
        {
            var selector = Map(policy["spec"]?["podSelector"]?["matchLabels"]);
            var selectsAll = policy["spec"]?["podSelector"] is JsonObject s && s.Count == 0;
            if (!selectsAll && !Matches(selector, pod.Labels))
            {
                continue;
            }

            foreach (var rule in Objects(policy["spec"]?["ingress"]))
            {
                var sources = rule["from"] is JsonArray from
                    ? Objects(from).Select(peer => peer["podSelector"] is { } ps
                        ? pods.Where(p => Matches(Map(ps["matchLabels"]), p.Labels)).Select(p => p.Component ?? p.OwnerName).FirstOrDefault() ?? "?"
                        : "*").ToList()
                    : ["*"];
                var ports = rule["ports"] is JsonArray portList ? Objects(portList).Select(p => Str(p["port"]) ?? "*").ToList() : ["*"];
                foreach (var source in sources)
                {
                    foreach (var port in ports)
                    {
                        result.Add($"{source}:{port}");
                    }
                }
            }
        }

        return result;
    }

    /// <summary>A container's environment as the kubelet builds it: envFrom ConfigMaps, then literal env values.</summary>
    public static Dictionary<string, string> EffectiveConfig(IReadOnlyList<JsonObject> objects, ContainerRef container)
    {
        var result = new Dictionary<string, string>();
        foreach (var source in Objects(container.Container["envFrom"]))
        {
            if (Str(source["configMapRef"]?["name"]) is { } name && Find(objects, "ConfigMap", name) is { } map)
            {
                foreach (var (key, value) in Map(map["data"]))
                {
                    result[key] = value;
                }
            }
        }

        foreach (var entry in container.Env)
        {
            if (Str(entry["name"]) is { } name && Str(entry["value"]) is { } value)
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>A numeric port, or a named one resolved against the container's ports.</summary>
    public static long? ResolvePort(ContainerRef container, JsonNode? port)
    {
        if (Long(port) is { } number)
        {
            return container.ContainerPorts.Contains(number) ? number : null;
        }

        var name = Str(port);
        return Objects(container.Container["ports"]).Where(p => Str(p["name"]) == name).Select(p => Long(p["containerPort"])).FirstOrDefault();
    }

    private static string Show(IReadOnlyDictionary<string, string> map) =>
        "{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")) + "}";
}
