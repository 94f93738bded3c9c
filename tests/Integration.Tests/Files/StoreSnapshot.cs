using System.Security.Cryptography;
using Hybrid.Integration.Tests.Infrastructure;

namespace Hybrid.Integration.Tests.Files;

/// <summary>
/// What the local store holds on disk (<c>{data}/blobs/objects</c>): every file with a hash of its
/// bytes, for "nothing changed" assertions. Audio sessions are left out: the silo may still be
/// writing other tests' manifests in the background.
/// </summary>
public static class StoreSnapshot
{
    public static string ObjectsRoot(SystemFixture system) => Path.Combine(system.DataDirectory, "blobs", "objects");

    public static string LocalObject(SystemFixture system, string key) => Path.Combine(ObjectsRoot(system), key);

    public static string UserFile(SystemFixture system, string user, string relative) => LocalObject(system, $"users/{user}/files/{relative}");

    public static SortedDictionary<string, string> Take(SystemFixture system)
    {
        var root = ObjectsRoot(system);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(root))
        {
            return files;
        }

        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (key.Contains("/audio/sessions/", StringComparison.Ordinal))
            {
                continue;
            }

            files[key] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        }

        return files;
    }

    /// <summary>The keys under <c>users/{user}/files/</c>, relative, in order.</summary>
    public static List<string> UserFiles(SystemFixture system, string user)
    {
        var prefix = $"users/{user}/files/";
        return Take(system).Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]).ToList();
    }
}
