using Hybrid.Deploy.Tests.Infrastructure;
using Hybrid.Deploy.Tests.Rules;

namespace Hybrid.Deploy.Tests;

/// <summary>Every rule of <see cref="DeploymentRules"/> on every render it applies to.</summary>
public sealed class InvariantTests
{
    public static TheoryData<string, string> GenericCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in RenderTargets.All())
        {
            foreach (var rule in DeploymentRules.Generic.Keys)
            {
                data.Add(target, rule);
            }
        }

        return data;
    }

    public static TheoryData<string, string> ApplicationCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in RenderTargets.Applications)
        {
            foreach (var rule in DeploymentRules.Application.Keys)
            {
                data.Add(target, rule);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GenericCases))]
    public void GenericRuleHolds(string target, string rule) =>
        AssertHolds(target, rule, DeploymentRules.Generic[rule](RenderTargets.Render(target)));

    [Theory]
    [MemberData(nameof(ApplicationCases))]
    public void ApplicationRuleHolds(string target, string rule) =>
        AssertHolds(target, rule, DeploymentRules.Application[rule](RenderTargets.Render(target)));

    [Theory]
    [InlineData(RenderTargets.Base)]
    [InlineData(RenderTargets.Dev)]
    [InlineData(RenderTargets.Prod)]
    public void OnlyTheRivaSidecarOfSiloPodsRequestsAGpu(string target)
    {
        // Stated on the parsed structure directly, independent of the rule implementation.
        var gpu = Manifest.PodTemplates(RenderTargets.Render(target))
            .SelectMany(p => p.Containers)
            .Where(c => c.RequestsGpu)
            .Select(c => (c.Pod.Component, c.Name, c.IsSidecar, Limit: c.Limits.GetValueOrDefault(ContainerRef.Gpu)))
            .ToList();

        var only = Assert.Single(gpu);
        Assert.Equal((DeploymentRules.Silo, DeploymentRules.RivaContainer, true, "1"), only);
    }

    [Theory]
    [InlineData(RenderTargets.Base)]
    [InlineData(RenderTargets.Dev)]
    [InlineData(RenderTargets.Prod)]
    public void SiloPodsAreOnGpuNodesAndGatewaysAreNot(string target)
    {
        var pods = Manifest.PodTemplates(RenderTargets.Render(target));
        var silo = Assert.Single(pods, p => p.Component == DeploymentRules.Silo);
        var gateway = Assert.Single(pods, p => p.Component == DeploymentRules.Gateway);

        Assert.Contains(silo.Tolerations, t => Manifest.Str(t["key"]) == DeploymentRules.GpuTaintKey && Manifest.Str(t["effect"]) == "NoSchedule");
        Assert.Equal("nvidia-gpu", silo.NodeSelector[DeploymentRules.GpuNodeLabel]);
        Assert.Empty(gateway.Tolerations);
        Assert.DoesNotContain(DeploymentRules.GpuNodeLabel, gateway.NodeSelector.Keys);
        Assert.DoesNotContain(gateway.Containers, c => c.RequestsGpu);
    }

    private static void AssertHolds(string target, string rule, List<string> violations) =>
        Assert.True(violations.Count == 0, $"{rule} on {target}:\n  " + string.Join("\n  ", violations));
}
