using Hybrid.Deploy.Tests.Infrastructure;
using Hybrid.Deploy.Tests.Rules;

namespace Hybrid.Deploy.Tests;

/// <summary>The kustomizations' structure: referenced files exist, no manifest is orphaned, all render.</summary>
public sealed class KustomizationTests
{
    public static TheoryData<string> Targets() => new(RenderTargets.All());

    [Fact]
    public void ExpectedKustomizationsExist() =>
        Assert.Equal(
            [RenderTargets.Base, RenderTargets.Dev, RenderTargets.Prod, RenderTargets.ScaleToZero],
            RenderTargets.All());

    [Theory]
    [MemberData(nameof(Targets))]
    public void ResourcesAndPatchesExist(string target)
    {
        var directory = RenderTargets.FullPath(target);
        var kustomization = KustomizeRenderer.LoadKustomization(directory);
        var missing = new List<string>();
        foreach (var resource in Manifest.Strings(kustomization["resources"]))
        {
            var full = Path.Combine(directory, resource);
            var exists = Directory.Exists(full)
                ? File.Exists(Path.Combine(full, KustomizeRenderer.FileName))
                : File.Exists(full);
            if (!exists)
            {
                missing.Add($"resource {resource}");
            }
        }

        foreach (var patch in Manifest.Objects(kustomization["patches"]))
        {
            if (Manifest.Str(patch["path"]) is { } path && !File.Exists(Path.Combine(directory, path)))
            {
                missing.Add($"patch {path}");
            }
        }

        Assert.True(missing.Count == 0, $"{target}/kustomization.yaml references missing files: {string.Join(", ", missing)}");
    }

    [Fact]
    public void EveryManifestIsReferencedOnceAndTheSecretTemplateNever()
    {
        var references = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var target in RenderTargets.All())
        {
            var directory = RenderTargets.FullPath(target);
            var kustomization = KustomizeRenderer.LoadKustomization(directory);
            var files = Manifest.Strings(kustomization["resources"])
                .Concat(Manifest.Objects(kustomization["patches"]).Select(p => Manifest.Str(p["path"])).OfType<string>())
                .Select(f => Path.GetFullPath(Path.Combine(directory, f)))
                .Where(File.Exists);
            foreach (var file in files)
            {
                references[RepoPaths.Relative(file)] = references.GetValueOrDefault(RepoPaths.Relative(file)) + 1;
            }
        }

        var manifests = Directory.EnumerateFiles(RepoPaths.K8s, "*.yaml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != KustomizeRenderer.FileName)
            .Select(RepoPaths.Relative)
            .ToList();
        var problems = new List<string>();
        foreach (var manifest in manifests)
        {
            var count = references.GetValueOrDefault(manifest);
            if (manifest == SecretTemplates.RelativePath)
            {
                if (count != 0)
                {
                    problems.Add($"{manifest} is referenced: applying it would overwrite the real secrets with placeholders");
                }
            }
            else if (count != 1)
            {
                problems.Add($"{manifest} is referenced {count} times (orphaned or duplicated)");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(SecretTemplates.RelativePath, manifests);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Renders(string target)
    {
        var objects = RenderTargets.Render(target);

        Assert.NotEmpty(objects);
    }

    [Theory]
    [InlineData(RenderTargets.Base, null)]
    [InlineData(RenderTargets.Dev, "hybrid-dev")]
    [InlineData(RenderTargets.Prod, "hybrid")]
    [InlineData(RenderTargets.ScaleToZero, "hybrid")]
    public void NamespacedObjectsLandInTheOverlayNamespace(string target, string? expected)
    {
        var wrong = RenderTargets.Render(target)
            .Where(o => !Manifest.IsClusterScoped(Manifest.Kind(o)) && Manifest.Namespace(o) != expected)
            .Select(o => $"{Manifest.Id(o)} in '{Manifest.Namespace(o)}'")
            .ToList();

        Assert.True(wrong.Count == 0, $"expected namespace '{expected}': {string.Join(", ", wrong)}");
        if (target is RenderTargets.Dev or RenderTargets.Prod)
        {
            Assert.Contains(RenderTargets.Render(target), o => Manifest.Kind(o) == "Namespace" && Manifest.Name(o) == expected);
        }
    }
}
