namespace Hybrid.Deploy.Tests.Infrastructure;

/// <summary>Locates the repository (the folder holding Hybrid.sln) from the test's output folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string K8s => Path.Combine(Root, "deploy", "k8s");

    /// <summary>A path relative to the repository, with forward slashes (stable test names on every OS).</summary>
    public static string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hybrid.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Hybrid.sln not found above {AppContext.BaseDirectory}");
    }
}
