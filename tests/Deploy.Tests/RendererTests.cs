using System.Text.Json.Nodes;
using Hybrid.Deploy.Tests.Infrastructure;

namespace Hybrid.Deploy.Tests;

/// <summary>The test renderer's kustomize semantics, on small inputs.</summary>
public sealed class RendererTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deploy-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void StrategicMergeMergesNamedListsDeletesNullsAndReplacesOthers()
    {
        var target = Parse("""
            spec:
              containers:
                - name: a
                  image: a:1
                  env: [{name: X, value: "1"}, {name: Y, value: "2"}]
                - name: b
                  image: b:1
              tolerations: [{key: k1}]
              keep: 1
              drop: 2
            """);
        var patch = Parse("""
            spec:
              containers:
                - name: a
                  env: [{name: Y, value: "3"}, {name: Z, value: "4"}]
                - name: b
                  $patch: delete
              tolerations: [{key: k2}]
              drop: null
            """);

        StrategicMerge.Apply(target, patch);

        var a = target["spec"]!["containers"]![0]!;
        Assert.Single(target["spec"]!["containers"]!.AsArray());
        Assert.Equal("a:1", Manifest.Str(a["image"]));
        Assert.Equal(["X=1", "Y=3", "Z=4"], a["env"]!.AsArray().Select(e => $"{Manifest.Str(e!["name"])}={Manifest.Str(e["value"])}"));
        Assert.Equal("k2", Manifest.Str(target["spec"]!["tolerations"]![0]!["key"]));
        Assert.Equal(1L, Manifest.Long(target["spec"]!["keep"]));
        Assert.False(target["spec"]!.AsObject().ContainsKey("drop"));
    }

    [Theory]
    [InlineData("nginx", "nginx", null, null)]
    [InlineData("ghcr.io/hybrid/silo:1.2", "ghcr.io/hybrid/silo", "1.2", null)]
    [InlineData("localhost:5000/x", "localhost:5000/x", null, null)]
    [InlineData("localhost:5000/x:2@sha256:ab", "localhost:5000/x", "2", "sha256:ab")]
    public void ParsesImageReferences(string image, string name, string? tag, string? digest) =>
        Assert.Equal((name, tag, digest), Manifest.ParseImage(image));

    [Fact]
    public void RendersResourcesPatchesReplicasImagesAndNamespace()
    {
        Write("base/kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources: [app.yaml]
            images: [{name: example/app, newTag: "1.0"}]
            """);
        Write("base/app.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app}
            spec:
              replicas: 1
              template:
                spec:
                  containers: [{name: app, image: example/app}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: rb}
            subjects: [{kind: ServiceAccount, name: sa}]
            """);
        Write("overlay/kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: ns
            resources: [../base]
            patches: [{path: patch.yaml}]
            replicas: [{name: app, count: 3}]
            images: [{name: example/app, newName: registry/app, newTag: "2.0"}]
            """);
        Write("overlay/patch.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app}
            spec:
              template:
                metadata: {labels: {x: y}}
            """);

        var objects = KustomizeRenderer.Render(Path.Combine(_dir, "overlay"));

        var app = Manifest.Find(objects, "Deployment", "app")!;
        Assert.Equal(3L, Manifest.Long(app["spec"]!["replicas"]));
        Assert.Equal("registry/app:2.0", Manifest.Str(app["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]));
        Assert.Equal("y", Manifest.Str(app["spec"]!["template"]!["metadata"]!["labels"]!["x"]));
        Assert.All(objects, o => Assert.Equal("ns", Manifest.Namespace(o)));
        Assert.Equal("ns", Manifest.Str(Manifest.Find(objects, "RoleBinding", "rb")!["subjects"]![0]!["namespace"]));
    }

    [Fact]
    public void RefusesWhatItDoesNotImplementAndMissingFiles()
    {
        Write("a/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nconfigMapGenerator: []\n");
        Write("b/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [missing.yaml]\n");
        Write("c/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches: [{patch: 'x'}]\n");

        Assert.Throws<NotSupportedException>(() => KustomizeRenderer.Render(Path.Combine(_dir, "a")));
        Assert.Throws<FileNotFoundException>(() => KustomizeRenderer.Render(Path.Combine(_dir, "b")));
        Assert.Throws<NotSupportedException>(() => KustomizeRenderer.Render(Path.Combine(_dir, "c")));
    }

    private static JsonObject Parse(string yaml) => (JsonObject)YamlLoader.Parse(yaml)[0]!;

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
