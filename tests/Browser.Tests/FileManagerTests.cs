using Hybrid.Browser.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hybrid.Browser.Tests;

/// <summary>The file manager in the browser: folder, uploads with progress, rename, move, download, delete.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class FileManagerTests(BrowserSystemFixture system, ITestOutputHelper output)
{
    [Fact]
    public async Task Uploads_renames_moves_downloads_and_deletes_files()
    {
        const string user = "browser-files";
        var result = await Scenario.RunAsync(system, "files", new { user }, output, TimeSpan.FromMinutes(2));
        Assert.Equal(result.GetProperty("expected").GetString(), result.GetProperty("downloaded").GetString());

        // What the server holds now, through the REST API.
        var (rootStatus, root) = await system.GetJsonAsync(user, "/api/s3/list?prefix=");
        Assert.Equal(200, rootStatus);
        var rootItems = root.GetProperty("items").EnumerateArray().ToArray();
        var names = rootItems.Select(i => i.GetProperty("name").GetString()).ToArray();
        Assert.Contains(rootItems, i => i.GetProperty("isFolder").GetBoolean() && i.GetProperty("name").GetString()!.TrimEnd('/') == "reports");
        Assert.DoesNotContain("hello.txt", names);
        Assert.DoesNotContain("greeting.txt", names);
        Assert.DoesNotContain("data.bin", names);

        var (folderStatus, folder) = await system.GetJsonAsync(user, "/api/s3/list?prefix=reports/");
        Assert.Equal(200, folderStatus);
        var moved = Assert.Single(folder.GetProperty("items").EnumerateArray(), i => i.GetProperty("name").GetString() == "greeting.txt");
        Assert.Equal(result.GetProperty("expected").GetString()!.Length, moved.GetProperty("size").GetInt64());
        Pages.AssertNoProblems(result);
    }
}
