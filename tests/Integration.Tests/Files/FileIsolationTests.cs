using System.Net;
using Hybrid.Integration.Tests.Infrastructure;

namespace Hybrid.Integration.Tests.Files;

/// <summary>
/// Every key-taking file-manager route refuses traversal with 400 <c>invalid_path</c> and changes
/// nothing on disk; and one user can neither see nor touch another user's files.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class FileIsolationTests(SystemFixture system)
{
    /// <summary>Hostile names as a client would type them (the JSON-body form).</summary>
    public static TheoryData<string> Traversals => new()
    {
        "../x",
        "..%2Fx",
        "%2e%2e/x",
        "/etc/passwd",
        "a\\b",
        "a/../../b",
        "a\0b",
        string.Empty,
    };

    /// <summary>The same names as raw URL path text (what reaches the server in a route).</summary>
    private static string InUrl(string name) => name switch
    {
        "a\\b" => "a%5Cb",
        "a\0b" => "a%00b",
        _ => name,
    };

    [Theory]
    [MemberData(nameof(Traversals))]
    public async Task Traversal_is_refused_by_every_key_taking_route_and_changes_nothing(string name)
    {
        var user = FileManagerApiTests.NewUser("trav");
        using var api = await FilesClient.SignInAsync(system, user);
        await api.UploadAsync("seed/file.txt", FileManagerApiTests.Text("seed"));
        var before = StoreSnapshot.Take(system);

        var attempts = new List<(string Route, ApiResponse Response)>
        {
            ("upload fileName", await api.PostAsync("/api/s3/upload", new { fileName = name, contentType = "text/plain", fileSize = 4 })),
            ("download", await api.GetAsync("/api/s3/download/" + InUrl(name))),
            ("delete", await api.DeleteAsync("/api/s3/delete/" + InUrl(name))),
            ("delete folder", await api.DeleteAsync("/api/s3/delete/" + InUrl(name) + "/")),
            ("rename oldPath", await api.PostAsync("/api/s3/rename", new { oldPath = name, newName = "renamed.txt" })),
            ("rename newName", await api.PostAsync("/api/s3/rename", new { oldPath = "seed/file.txt", newName = name })),
            ("move sourcePath", await api.PostAsync("/api/s3/move", new { sourcePath = name, destinationFolder = "seed" })),
            ("folder path", await api.PostAsync("/api/s3/folder", new { path = name })),
        };

        // "" is the root for a listing prefix and a move destination: valid there.
        if (name.Length > 0)
        {
            attempts.Add(("list prefix", await api.GetAsync("/api/s3/list?prefix=" + Uri.EscapeDataString(name))));
            attempts.Add(("move destinationFolder", await api.PostAsync("/api/s3/move", new { sourcePath = "seed/file.txt", destinationFolder = name })));
        }

        foreach (var (route, response) in attempts)
        {
            Assert.True(response.Status == HttpStatusCode.BadRequest, $"{route} with '{name}': {response}");

            // Kestrel itself refuses a NUL in the request path (a bare 400) before any middleware runs.
            var kestrelRefused = name.Contains('\0', StringComparison.Ordinal) && route is "download" or "delete" or "delete folder";
            Assert.True(kestrelRefused || response.Code == "invalid_path", $"{route} with '{name}': {response}");
        }

        Assert.Equal(before, StoreSnapshot.Take(system));
    }

    [Fact]
    public async Task A_user_can_neither_see_nor_touch_another_users_files()
    {
        var alice = FileManagerApiTests.NewUser("alice");
        var bob = FileManagerApiTests.NewUser("bob");
        using var a = await FilesClient.SignInAsync(system, alice);
        using var b = await FilesClient.SignInAsync(system, bob);
        await b.UploadAsync("private/secret.txt", FileManagerApiTests.Text("bob's secret"));
        await b.UploadAsync("shared.txt", FileManagerApiTests.Text("bob's"));
        await a.UploadAsync("mine.txt", FileManagerApiTests.Text("alice's"));
        var bobBefore = StoreSnapshot.Take(system).Where(kv => kv.Key.StartsWith($"users/{bob}/", StringComparison.Ordinal)).ToList();

        var aliceRoot = await a.ListAllAsync(string.Empty);
        var aliceAtBobsFolder = await a.ListAllAsync("private/");
        var attempts = new List<(string Route, ApiResponse Response)>
        {
            ("download", await a.GetAsync("/api/s3/download/private/secret.txt")),
            ("download by key", await a.GetAsync($"/api/s3/download/users/{bob}/files/shared.txt")),
            ("rename", await a.PostAsync("/api/s3/rename", new { oldPath = "shared.txt", newName = "stolen.txt" })),
            ("rename folder", await a.PostAsync("/api/s3/rename", new { oldPath = "private/", newName = "loot" })),
            ("move", await a.PostAsync("/api/s3/move", new { sourcePath = "private/secret.txt", destinationFolder = "" })),
            ("move folder", await a.PostAsync("/api/s3/move", new { sourcePath = "private/", destinationFolder = "loot" })),
            ("delete", await a.DeleteAsync("/api/s3/delete/shared.txt")),
            ("delete folder", await a.DeleteAsync("/api/s3/delete/private/")),
        };
        var climb = await a.GetAsync($"/api/s3/download/..%2F..%2F{bob}%2Ffiles%2Fshared.txt");
        var climbList = await a.GetAsync($"/api/s3/list?prefix={Uri.EscapeDataString($"../../{bob}/files/")}");

        Assert.Equal(["mine.txt"], aliceRoot.Select(i => i.GetProperty("key").GetString()));
        Assert.Empty(aliceAtBobsFolder);
        foreach (var (route, response) in attempts)
        {
            Assert.True(response.Status == HttpStatusCode.NotFound, $"{route}: {response}");
        }

        Assert.Equal(HttpStatusCode.BadRequest, climb.Status);
        Assert.Equal(HttpStatusCode.BadRequest, climbList.Status);
        Assert.Equal(bobBefore, StoreSnapshot.Take(system).Where(kv => kv.Key.StartsWith($"users/{bob}/", StringComparison.Ordinal)).ToList());
        Assert.Equal(["mine.txt"], StoreSnapshot.UserFiles(system, alice));
        Assert.Equal(["private/", "shared.txt"], (await b.ListAllAsync(string.Empty)).Select(i => i.GetProperty("key").GetString()));
        Assert.Equal(FileManagerApiTests.Text("bob's secret"), (await b.DownloadAsync("private/secret.txt")).Data);
    }
}
