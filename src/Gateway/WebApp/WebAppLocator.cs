namespace Hybrid.Gateway.WebApp;

/// <summary>Finds the folder of the built web app (see <see cref="WebAppOptions.Root"/>).</summary>
internal static class WebAppLocator
{
    private const int MaxParentLevels = 8;

    public static string? Find(WebAppOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.Root))
        {
            var configured = Path.GetFullPath(options.Root, contentRoot);
            return HasApp(configured) ? configured : null;
        }

        var candidates = new List<string>
        {
            Path.Combine(AppContext.BaseDirectory, "ClientApp", "dist"),
            Path.Combine(contentRoot, "ClientApp", "dist"),
        };
        foreach (var start in new[] { AppContext.BaseDirectory, contentRoot })
        {
            var directory = new DirectoryInfo(start);
            for (var level = 0; directory is not null && level < MaxParentLevels; level++, directory = directory.Parent)
            {
                candidates.Add(Path.Combine(directory.FullName, "src", "Gateway", "ClientApp", "dist"));
            }
        }

        return candidates.Select(Path.GetFullPath).FirstOrDefault(HasApp);
    }

    private static bool HasApp(string folder) => File.Exists(Path.Combine(folder, "index.html"));
}
