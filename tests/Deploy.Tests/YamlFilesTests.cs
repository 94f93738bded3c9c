using Hybrid.Deploy.Tests.Infrastructure;

namespace Hybrid.Deploy.Tests;

/// <summary>Every YAML file under deploy/ parses, and every document is a Kubernetes-style object.</summary>
public sealed class YamlFilesTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Deploy, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                     .Select(RepoPaths.Relative)
                     .Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void DeployHoldsYamlFiles()
    {
        var count = Files().Count;

        Assert.True(count >= 15, $"only {count} YAML files under deploy/");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ParsesAsObjectsWithApiVersionAndKind(string file)
    {
        var objects = YamlLoader.LoadObjects(Path.Combine(RepoPaths.Root, file));

        Assert.NotEmpty(objects);
        foreach (var o in objects)
        {
            Assert.False(string.IsNullOrEmpty(Manifest.Str(o["apiVersion"])), $"{file}: a document without apiVersion");
            Assert.False(string.IsNullOrEmpty(Manifest.Str(o["kind"])), $"{file}: a document without kind");
            if (Manifest.Kind(o) is not ("Kustomization" or "Component"))
            {
                Assert.False(string.IsNullOrEmpty(Manifest.Str(o["metadata"]?["name"])), $"{file}: a {Manifest.Kind(o)} without metadata.name");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void HasNoYaml11Booleans(string file)
    {
        var found = YamlLoader.Yaml11Booleans(File.ReadAllText(Path.Combine(RepoPaths.Root, file)));

        Assert.True(found.Count == 0, $"{file}: quote these (Kubernetes reads them as booleans): {string.Join(", ", found)}");
    }

    [Fact]
    public void ParserRejectsBrokenYamlAndDuplicateKeys()
    {
        Assert.Throws<FormatException>(() => YamlLoader.Parse("a: [1, 2\nb: 3\n"));
        Assert.Throws<FormatException>(() => YamlLoader.Parse("a: 1\na: 2\n"));
    }

    [Fact]
    public void ParserResolvesScalarsLikeKubernetes()
    {
        var o = (System.Text.Json.Nodes.JsonObject)YamlLoader.Parse("n: 1\nq: \"1\"\nb: true\nz: ~\ns: 500m\n")[0]!;

        Assert.Equal(1L, Manifest.Long(o["n"]));
        Assert.Null(Manifest.Long(o["q"]));
        Assert.Equal("1", Manifest.Str(o["q"]));
        Assert.Equal("true", Manifest.Str(o["b"]));
        Assert.Null(o["z"]);
        Assert.Equal("500m", Manifest.Str(o["s"]));
        Assert.Equal(2, YamlLoader.Yaml11Booleans("on: yes\nq: 'no'\n").Count);
    }
}
