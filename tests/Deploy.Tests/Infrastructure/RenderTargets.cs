using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Hybrid.Deploy.Tests.Infrastructure;

/// <summary>The kustomizations under deploy/k8s and their (cached) renders.</summary>
public static class RenderTargets
{
    public const string Base = "base";
    public const string Dev = "overlays/dev";
    public const string Prod = "overlays/prod";
    public const string ScaleToZero = "overlays/prod/scale-to-zero";

    /// <summary>The applications' renders: base and the overlays that deploy silos and gateways.</summary>
    public static readonly string[] Applications = [Base, Dev, Prod];

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<JsonObject>>> Cache = new();

    /// <summary>Every directory under deploy/k8s holding a kustomization.yaml, relative to deploy/k8s.</summary>
    public static IReadOnlyList<string> All() =>
        Directory.EnumerateFiles(RepoPaths.K8s, KustomizeRenderer.FileName, SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.K8s, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string FullPath(string target) => Path.Combine(RepoPaths.K8s, target);

    /// <summary>The render of <paramref name="target"/>; callers must not modify it (clone first).</summary>
    public static IReadOnlyList<JsonObject> Render(string target) =>
        Cache.GetOrAdd(target, t => new Lazy<IReadOnlyList<JsonObject>>(() => KustomizeRenderer.Render(FullPath(t)))).Value;

    /// <summary>A deep copy of a render, for tests that mutate it to prove a rule can fail.</summary>
    public static List<JsonObject> Clone(string target) => Render(target).Select(o => (JsonObject)o.DeepClone()).ToList();
}
