using System.Text.Json.Nodes;
using Hybrid.Deploy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hybrid.Deploy.Tests;

/// <summary>
/// The test renderer produces exactly what <c>kubectl kustomize</c> does for this repository, so the
/// invariants checked on its output hold for what `kubectl apply -k` sends. Needs kubectl on PATH (the
/// project's machines have it); without it the comparison is reported and not made.
/// </summary>
public sealed class RendererMatchesKubectlTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryKustomizationRendersLikeKubectl()
    {
        if (!KubectlKustomize.IsAvailable)
        {
            output.WriteLine("kubectl is not on PATH: comparison with kubectl kustomize not made");
            return;
        }

        var differences = new List<string>();
        foreach (var target in RenderTargets.All())
        {
            var ours = Index(RenderTargets.Render(target));
            var theirs = Index(KubectlKustomize.Render(RenderTargets.FullPath(target)));
            foreach (var key in ours.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
            {
                if (!ours.TryGetValue(key, out var a))
                {
                    differences.Add($"{target}: {key} only in kubectl's render");
                }
                else if (!theirs.TryGetValue(key, out var b))
                {
                    differences.Add($"{target}: {key} only in ours");
                }
                else if (!JsonNode.DeepEquals(a, b))
                {
                    differences.Add($"{target}: {key} differs\n  ours:    {a.ToJsonString()}\n  kubectl: {b.ToJsonString()}");
                }
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    private static Dictionary<string, JsonObject> Index(IEnumerable<JsonObject> objects) =>
        objects.ToDictionary(o => $"{Manifest.Id(o)}@{Manifest.Namespace(o)}", StringComparer.Ordinal);
}
