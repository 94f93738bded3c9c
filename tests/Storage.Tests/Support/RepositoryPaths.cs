namespace Hybrid.Storage.Tests.Support;

/// <summary>Finds the repository from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hybrid.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Hybrid.sln was not found above {AppContext.BaseDirectory}");
    }
}
