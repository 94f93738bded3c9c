using Hybrid.Deploy.Tests.Infrastructure;
using static Hybrid.Deploy.Tests.Infrastructure.Manifest;

namespace Hybrid.Deploy.Tests;

/// <summary>The off-hours GPU CronJobs scale the prod silo Deployment, with just enough RBAC.</summary>
public sealed class ScaleToZeroTests
{
    private static IReadOnlyList<System.Text.Json.Nodes.JsonObject> Jobs => RenderTargets.Render(RenderTargets.ScaleToZero);

    [Fact]
    public void ScaleDownToZeroAndUpToTheProdSiloCount()
    {
        var prodSilos = Long(Find(RenderTargets.Render(RenderTargets.Prod), "Deployment", "hybrid-silo")!["spec"]!["replicas"]);
        var replicas = PodTemplates(Jobs).Where(p => p.OwnerKind == "CronJob").ToDictionary(
            p => p.OwnerName,
            p => p.Containers.Single().EnvValue("SILO_REPLICAS"));

        Assert.Equal("0", replicas["hybrid-silo-scale-down"]);
        Assert.Equal(prodSilos?.ToString(System.Globalization.CultureInfo.InvariantCulture), replicas["hybrid-silo-scale-up"]);
    }

    [Fact]
    public void JobsScaleTheProdSiloDeploymentInTheProdNamespace()
    {
        var prod = RenderTargets.Render(RenderTargets.Prod);
        var silo = Find(prod, "Deployment", "hybrid-silo")!;
        foreach (var job in OfKind(Jobs, "CronJob"))
        {
            Assert.Equal(Namespace(silo), Namespace(job));
            Assert.Equal("Forbid", Str(job["spec"]?["concurrencyPolicy"]));
            var container = PodTemplates([job]).Single().Containers.Single();
            var args = Strings(container.Container["args"]).ToList();
            Assert.Equal(["scale", "deployment/hybrid-silo", "--replicas=$(SILO_REPLICAS)"], args);
        }

        Assert.Equal(2, OfKind(Jobs, "CronJob").Count());
    }

    [Fact]
    public void RoleMayOnlyScaleTheSiloDeployment()
    {
        var role = Assert.Single(OfKind(Jobs, "Role"));
        var rules = Objects(role["rules"]).ToList();
        var scale = Assert.Single(rules, r => Strings(r["resources"]).Contains("deployments/scale"));

        Assert.Equal(["apps"], Strings(scale["apiGroups"]));
        Assert.Equal(["hybrid-silo"], Strings(scale["resourceNames"]));
        Assert.Contains("patch", Strings(scale["verbs"]));
        Assert.All(rules, r => Assert.Equal(["hybrid-silo"], Strings(r["resourceNames"])));
        Assert.DoesNotContain(rules, r => Strings(r["verbs"]).Any(v => v is "delete" or "create" or "*"));

        var binding = Assert.Single(OfKind(Jobs, "RoleBinding"));
        Assert.Equal(Name(role), Str(binding["roleRef"]?["name"]));
        var account = Str(Objects(binding["subjects"]).Single()["name"]);
        Assert.All(PodTemplates(Jobs), p => Assert.Equal(account, Str(p.Spec["serviceAccountName"])));
    }
}
