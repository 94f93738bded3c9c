using Hybrid.Deploy.Tests.Infrastructure;
using Hybrid.Deploy.Tests.Rules;
using static Hybrid.Deploy.Tests.Infrastructure.Manifest;

namespace Hybrid.Deploy.Tests;

/// <summary>What the dev and prod overlays promise beyond the shared invariants.</summary>
public sealed class OverlayTests
{
    [Fact]
    public void ProdRunsOnEksWithDynamoDbS3AndCognito()
    {
        var prod = RenderTargets.Render(RenderTargets.Prod);
        var silo = Assert.Single(PodTemplates(prod), p => p.Component == DeploymentRules.Silo);
        var gateway = Assert.Single(PodTemplates(prod), p => p.Component == DeploymentRules.Gateway);
        var siloConfig = DeploymentRules.EffectiveConfig(prod, silo.Containers.Single(c => c.Name == DeploymentRules.Silo));
        var gatewayConfig = DeploymentRules.EffectiveConfig(prod, gateway.Containers.Single(c => c.Name == DeploymentRules.Gateway));

        Assert.Equal("DynamoDB", siloConfig["Hybrid__Clustering"]);
        Assert.Equal("DynamoDB", siloConfig["Hybrid__GrainStorage"]);
        Assert.Equal("DynamoDB", gatewayConfig["Hybrid__Clustering"]);
        Assert.False(siloConfig.ContainsKey("DynamoDB__ServiceUrl"), "on AWS the DynamoDB endpoint comes from the region");
        Assert.Equal("S3", siloConfig["Storage__Provider"]);
        Assert.Equal("S3", gatewayConfig["Storage__Provider"]);
        Assert.Equal(siloConfig["Storage__Bucket"], gatewayConfig["Storage__Bucket"]);
        Assert.Equal("Cognito", gatewayConfig["Auth__Mode"]);
        Assert.StartsWith("https://cognito-idp.", gatewayConfig["Auth__Authority"], StringComparison.Ordinal);
        Assert.Equal("g5.xlarge", silo.NodeSelector["node.kubernetes.io/instance-type"]);
    }

    [Fact]
    public void ProdUsesIrsaForBothComponents()
    {
        var prod = RenderTargets.Render(RenderTargets.Prod);
        foreach (var account in new[] { "hybrid-silo", "hybrid-gateway" })
        {
            var sa = Find(prod, "ServiceAccount", account);
            Assert.NotNull(sa);
            Assert.StartsWith("arn:aws:iam::", Str(sa["metadata"]?["annotations"]?["eks.amazonaws.com/role-arn"]), StringComparison.Ordinal);
        }

        var roles = new[] { "hybrid-silo", "hybrid-gateway" }
            .Select(a => Str(Find(prod, "ServiceAccount", a)!["metadata"]?["annotations"]?["eks.amazonaws.com/role-arn"]))
            .Distinct();
        Assert.Equal(2, roles.Count());
    }

    [Fact]
    public void ProdHasMoreCapacityThanBase()
    {
        static long Silos(string t) => Long(Find(RenderTargets.Render(t), "Deployment", "hybrid-silo")!["spec"]!["replicas"]) ?? 1;
        static long MinGateways(string t) => Long(Find(RenderTargets.Render(t), "HorizontalPodAutoscaler", "hybrid-gateway")!["spec"]!["minReplicas"]) ?? 1;

        Assert.True(Silos(RenderTargets.Prod) > Silos(RenderTargets.Base));
        Assert.True(MinGateways(RenderTargets.Prod) > MinGateways(RenderTargets.Base));
        Assert.Equal(1, Silos(RenderTargets.Dev));
    }

    [Fact]
    public void ProdTerminatesTlsAtTheIngressInFrontOfTheGatewayService()
    {
        var prod = RenderTargets.Render(RenderTargets.Prod);
        var ingress = Assert.Single(OfKind(prod, "Ingress"));
        Assert.NotEmpty(Objects(ingress["spec"]?["tls"]));

        var backends = Objects(ingress["spec"]?["rules"])
            .SelectMany(r => Objects(r["http"]?["paths"]))
            .Select(p => p["backend"]?["service"])
            .ToList();
        Assert.NotEmpty(backends);
        foreach (var backend in backends)
        {
            var service = Find(prod, "Service", Str(backend?["name"]) ?? string.Empty);
            Assert.NotNull(service);
            Assert.Contains(Objects(service["spec"]?["ports"]), p => Str(p["name"]) == Str(backend?["port"]?["name"]));
        }
    }

    [Fact]
    public void ProdIngressIsStickyWhileTheWebClientNegotiates()
    {
        // SignalR's negotiate request and the WebSocket after it must reach the same gateway, unless the
        // client skips negotiation. The browser app's hub connection decides which case applies.
        var hub = Path.Combine(RepoPaths.Root, "src", "Gateway", "ClientApp", "src", "hub.js");
        var negotiates = !File.Exists(hub) || !File.ReadAllText(hub).Contains("skipNegotiation: true", StringComparison.Ordinal);
        var ingress = Assert.Single(OfKind(RenderTargets.Render(RenderTargets.Prod), "Ingress"));
        var attributes = Str(ingress["metadata"]?["annotations"]?["alb.ingress.kubernetes.io/target-group-attributes"]) ?? string.Empty;

        if (negotiates)
        {
            Assert.Contains("stickiness.enabled=true", attributes, StringComparison.Ordinal);
        }

        Assert.Contains("deregistration_delay.timeout_seconds=", attributes, StringComparison.Ordinal);
    }

    [Fact]
    public void DevUsesTheInClusterRedis()
    {
        var dev = RenderTargets.Render(RenderTargets.Dev);
        var silo = Assert.Single(PodTemplates(dev), p => p.Component == DeploymentRules.Silo);
        var config = DeploymentRules.EffectiveConfig(dev, silo.Containers.Single(c => c.Name == DeploymentRules.Silo));

        Assert.Equal("Redis", config["Hybrid__Clustering"]);
        Assert.Equal("Redis", config["Hybrid__GrainStorage"]);
        var host = config["Redis__ConnectionString"].Split(',')[0].Split(':')[0];
        var service = Find(dev, "Service", host);
        Assert.NotNull(service);
        Assert.Contains(Objects(service["spec"]?["ports"]), p => Long(p["port"]) == 6379);
    }

    [Fact]
    public void BaseIsNamespaceAgnostic() =>
        Assert.DoesNotContain(RenderTargets.Render(RenderTargets.Base), o => Namespace(o) is not null || Kind(o) == "Namespace");
}
