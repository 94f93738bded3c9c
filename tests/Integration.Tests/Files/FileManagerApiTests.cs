using System.Net;
using System.Text;
using System.Text.Json;
using Hybrid.Integration.Tests.Infrastructure;

namespace Hybrid.Integration.Tests.Files;

/// <summary>
/// The file manager (<c>/api/s3</c>) over real HTTP on the embedded default (local store, URLs signed
/// by the gateway): uploads through presigned URLs, paged listings, downloads as attachments,
/// rename, move and delete of files and folders, and conflicts — checked on disk as well.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class FileManagerApiTests(SystemFixture system)
{
    internal static string NewUser(string role) => $"fm-{role}-{Guid.NewGuid():N}";

    internal static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_file_uploaded_through_its_presigned_url_is_listed()
    {
        var user = NewUser("up");
        using var api = await FilesClient.SignInAsync(system, user);
        var data = Text("hello, files");

        var grant = await api.PostAsync("/api/s3/upload", new { fileName = "docs/a.txt", contentType = "text/plain", fileSize = data.Length });
        Assert.Equal(HttpStatusCode.OK, grant.Status);
        Assert.Equal("docs/a.txt", grant.Body.GetProperty("key").GetString());
        Assert.Equal(300, grant.Body.GetProperty("expiresInSeconds").GetInt32());
        Assert.Equal("text/plain", grant.Body.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.Equal(HttpStatusCode.OK, await api.PutAsync(grant.Body, data));
        await api.UploadAsync("top.bin", [1, 2, 3]);

        var root = await api.GetAsync("/api/s3/list");
        Assert.Equal(HttpStatusCode.OK, root.Status);
        var items = root.Body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["docs/", "top.bin"], items.Select(i => i.GetProperty("key").GetString()));
        Assert.True(items[0].GetProperty("isFolder").GetBoolean());
        Assert.Equal("docs", items[0].GetProperty("name").GetString());
        Assert.False(items[1].GetProperty("isFolder").GetBoolean());
        Assert.Equal(3, items[1].GetProperty("size").GetInt64());
        Assert.Equal(JsonValueKind.String, items[1].GetProperty("lastModified").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.Body.GetProperty("continuationToken").ValueKind);

        foreach (var prefix in new[] { "docs/", "docs" })
        {
            var docs = await api.GetAsync($"/api/s3/list?prefix={prefix}");
            var file = Assert.Single(docs.Body.GetProperty("items").EnumerateArray());
            Assert.Equal("a.txt", file.GetProperty("name").GetString());
            Assert.Equal("docs/a.txt", file.GetProperty("key").GetString());
            Assert.Equal(data.Length, file.GetProperty("size").GetInt64());
        }

        Assert.Equal(data, await File.ReadAllBytesAsync(StoreSnapshot.UserFile(system, user, "docs/a.txt")));
    }

    [Fact]
    public async Task Listings_page_with_a_continuation_token_and_hide_folder_markers()
    {
        var user = NewUser("page");
        using var api = await FilesClient.SignInAsync(system, user);
        for (var i = 0; i < 5; i++)
        {
            await api.UploadAsync($"f{i}.txt", Text($"file {i}"));
        }

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/s3/folder", new { path = "empty" })).Status);

        var first = await api.GetAsync("/api/s3/list?limit=2");
        Assert.Equal(2, first.Body.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.String, first.Body.GetProperty("continuationToken").ValueKind);

        var all = await api.ListAllAsync(string.Empty, limit: 2);
        Assert.Equal(["empty/", "f0.txt", "f1.txt", "f2.txt", "f3.txt", "f4.txt"], all.Select(i => i.GetProperty("key").GetString()));
        Assert.Empty(await api.ListAllAsync("empty/"));
        Assert.True(File.Exists(StoreSnapshot.UserFile(system, user, "empty/.folder")));

        foreach (var limit in new[] { "0", "1001", "abc", "-1" })
        {
            var refused = await api.GetAsync($"/api/s3/list?limit={limit}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal("invalid_argument", refused.Code);
        }

        var badToken = await api.GetAsync("/api/s3/list?continuationToken=%25%25%25");
        Assert.Equal(HttpStatusCode.BadRequest, badToken.Status);
    }

    [Fact]
    public async Task A_download_url_serves_the_bytes_as_an_attachment()
    {
        using var api = await FilesClient.SignInAsync(system, NewUser("down"));
        var data = Text("quarterly numbers");
        await api.UploadAsync("reports/q1 summary.pdf", data, "application/pdf");

        var grant = await api.GetAsync("/api/s3/download/reports/q1%20summary.pdf");
        Assert.Equal(HttpStatusCode.OK, grant.Status);
        Assert.Equal(900, grant.Body.GetProperty("expiresInSeconds").GetInt32());
        var (status, bytes, disposition) = await api.DownloadAsync("reports/q1 summary.pdf");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(data, bytes);
        Assert.NotNull(disposition);
        Assert.Equal("attachment", disposition!.DispositionType);
        Assert.Equal("q1 summary.pdf", disposition.FileName?.Trim('"'));

        // A whole path encoded with encodeURIComponent works too.
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/s3/download/reports%2Fq1%20summary.pdf")).Status);

        var missing = await api.GetAsync("/api/s3/download/reports/q2.pdf");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("not_found", missing.Code);
        var folder = await api.GetAsync("/api/s3/download/reports/");
        Assert.Equal(HttpStatusCode.BadRequest, folder.Status);
        Assert.Equal("invalid_path", folder.Code);
    }

    [Fact]
    public async Task Uploads_are_limited_in_size_and_content_type_and_held_to_the_signed_length()
    {
        var user = NewUser("limits");
        using var api = await FilesClient.SignInAsync(system, user);

        async Task<ApiResponse> Presign(object body) => await api.PostAsync("/api/s3/upload", body);

        var empty = await Presign(new { fileName = "a.bin", fileSize = 0 });
        var noSize = await Presign(new { fileName = "a.bin" });
        var huge = await Presign(new { fileName = "a.bin", fileSize = 100L * 1024 * 1024 + 1 });
        var badType = await Presign(new { fileName = "a.bin", fileSize = 10, contentType = "not a type" });
        var wildcard = await Presign(new { fileName = "a.bin", fileSize = 10, contentType = "*/*" });
        var wrongJson = await Presign(new { fileName = "a.bin", fileSize = "ten" });
        var bigBody = await Presign(new { fileName = "a.bin", fileSize = 10, padding = new string('x', 17 * 1024) });

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), (empty.Status, empty.Code));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), (noSize.Status, noSize.Code));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "payload_too_large"), (huge.Status, huge.Code));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), (badType.Status, badType.Code));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), (wildcard.Status, wildcard.Code));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_json"), (wrongJson.Status, wrongJson.Code));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "payload_too_large"), (bigBody.Status, bigBody.Code));

        var grant = await Presign(new { fileName = "a.bin", fileSize = 10 });
        Assert.Equal("application/octet-stream", grant.Body.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.NotEqual(HttpStatusCode.OK, await api.PutAsync(grant.Body, new byte[11]));
        Assert.False(File.Exists(StoreSnapshot.UserFile(system, user, "a.bin")), "a body longer than signed must store nothing");
        Assert.Equal(HttpStatusCode.OK, await api.PutAsync(grant.Body, new byte[10]));
        Assert.Equal(10, new FileInfo(StoreSnapshot.UserFile(system, user, "a.bin")).Length);
    }

    [Fact]
    public async Task A_file_is_renamed_in_place_and_conflicts_are_refused()
    {
        var user = NewUser("ren");
        using var api = await FilesClient.SignInAsync(system, user);
        await api.UploadAsync("notes/a.txt", Text("A"));
        await api.UploadAsync("notes/b.txt", Text("B"));

        var renamed = await api.PostAsync("/api/s3/rename", new { oldPath = "notes/a.txt", newName = "c.txt" });
        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        Assert.Equal("notes/c.txt", renamed.Body.GetProperty("key").GetString());
        Assert.Equal(["notes/b.txt", "notes/c.txt"], StoreSnapshot.UserFiles(system, user));
        Assert.Equal(Text("A"), await File.ReadAllBytesAsync(StoreSnapshot.UserFile(system, user, "notes/c.txt")));

        var before = StoreSnapshot.Take(system);
        var conflict = await api.PostAsync("/api/s3/rename", new { oldPath = "notes/c.txt", newName = "b.txt" });
        var missing = await api.PostAsync("/api/s3/rename", new { oldPath = "notes/zzz.txt", newName = "y.txt" });
        var twoSegments = await api.PostAsync("/api/s3/rename", new { oldPath = "notes/c.txt", newName = "x/y.txt" });

        Assert.Equal((HttpStatusCode.Conflict, "conflict"), (conflict.Status, conflict.Code));
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (missing.Status, missing.Code));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_path"), (twoSegments.Status, twoSegments.Code));
        Assert.Equal(before, StoreSnapshot.Take(system));
    }

    [Fact]
    public async Task A_folder_of_120_objects_is_renamed_across_listing_pages()
    {
        var user = NewUser("bigren");
        using var api = await FilesClient.SignInAsync(system, user);
        for (var i = 0; i < 120; i++)
        {
            await api.UploadAsync($"big/n{i:000}.txt", Text(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        await api.UploadAsync("big/sub/deep.txt", Text("deep"));
        await api.UploadAsync("bigger.txt", Text("not in the folder"));
        var before = StoreSnapshot.Take(system);

        var renamed = await api.PostAsync("/api/s3/rename", new { oldPath = "big/", newName = "huge" });

        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        Assert.Equal("huge/", renamed.Body.GetProperty("key").GetString());
        var after = StoreSnapshot.Take(system);
        var prefix = $"users/{user}/files/";
        var expected = before
            .Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(
                kv => kv.Key.StartsWith(prefix + "big/", StringComparison.Ordinal) ? prefix + "huge/" + kv.Key[(prefix.Length + 4)..] : kv.Key,
                kv => kv.Value);
        var actual = after.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(122, actual.Count);
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.OrderBy(kv => kv.Key, StringComparer.Ordinal));

        var listed = await api.ListAllAsync("huge/");
        Assert.Equal(121, listed.Count);
        Assert.Contains(listed, i => i.GetProperty("key").GetString() == "huge/sub/" && i.GetProperty("isFolder").GetBoolean());
        Assert.Empty(await api.ListAllAsync("big/"));
    }

    [Fact]
    public async Task A_folder_rename_that_fails_midway_keeps_the_source_and_removes_its_copies()
    {
        var user = FileManagerApiTests.NewUser("renfail");
        using var api = await FilesClient.SignInAsync(system, user);
        for (var i = 0; i < 10; i++)
        {
            await api.UploadAsync($"src/n{i}.txt", Text($"n{i}"));
        }

        // A directory where the sixth copy must go: the store cannot put a file there.
        Directory.CreateDirectory(StoreSnapshot.UserFile(system, user, "dst/n5.txt"));
        var before = StoreSnapshot.Take(system);

        var renamed = await api.PostAsync("/api/s3/rename", new { oldPath = "src/", newName = "dst" });

        Assert.Equal((HttpStatusCode.Conflict, "conflict"), (renamed.Status, renamed.Code));
        Assert.Equal(before, StoreSnapshot.Take(system));
        Assert.Equal(10, (await api.ListAllAsync("src/")).Count);
    }

    [Fact]
    public async Task A_file_is_moved_into_a_folder_and_a_taken_target_is_a_conflict()
    {
        var user = NewUser("mv");
        using var api = await FilesClient.SignInAsync(system, user);
        await api.UploadAsync("inbox/x.txt", Text("X"));

        var moved = await api.PostAsync("/api/s3/move", new { sourcePath = "inbox/x.txt", destinationFolder = "archive/2024/" });
        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.Equal("archive/2024/x.txt", moved.Body.GetProperty("key").GetString());
        Assert.Equal(["archive/2024/x.txt"], StoreSnapshot.UserFiles(system, user));

        var toRoot = await api.PostAsync("/api/s3/move", new { sourcePath = "archive/2024/x.txt", destinationFolder = "" });
        Assert.Equal("x.txt", toRoot.Body.GetProperty("key").GetString());
        Assert.Equal(Text("X"), await File.ReadAllBytesAsync(StoreSnapshot.UserFile(system, user, "x.txt")));

        await api.UploadAsync("inbox/y.txt", Text("inbox"));
        await api.UploadAsync("archive/y.txt", Text("archive"));
        var before = StoreSnapshot.Take(system);
        var conflict = await api.PostAsync("/api/s3/move", new { sourcePath = "inbox/y.txt", destinationFolder = "archive" });
        var same = await api.PostAsync("/api/s3/move", new { sourcePath = "inbox/y.txt", destinationFolder = "inbox" });
        var missing = await api.PostAsync("/api/s3/move", new { sourcePath = "inbox/nope.txt", destinationFolder = "archive" });

        Assert.Equal((HttpStatusCode.Conflict, "conflict"), (conflict.Status, conflict.Code));
        Assert.Equal(HttpStatusCode.Conflict, same.Status);
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (missing.Status, missing.Code));
        Assert.Equal(before, StoreSnapshot.Take(system));
    }

    [Fact]
    public async Task A_moved_folder_keeps_its_name_and_cannot_move_into_itself()
    {
        var user = NewUser("mvdir");
        using var api = await FilesClient.SignInAsync(system, user);
        await api.UploadAsync("a/b/one.txt", Text("1"));
        await api.UploadAsync("a/b/sub/two.txt", Text("2"));
        await api.UploadAsync("a/stay.txt", Text("s"));
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/s3/folder", new { path = "c" })).Status);

        var moved = await api.PostAsync("/api/s3/move", new { sourcePath = "a/b/", destinationFolder = "c/" });

        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.Equal("c/b/", moved.Body.GetProperty("key").GetString());
        Assert.Equal(["a/stay.txt", "c/.folder", "c/b/one.txt", "c/b/sub/two.txt"], StoreSnapshot.UserFiles(system, user));
        Assert.Equal(Text("2"), await File.ReadAllBytesAsync(StoreSnapshot.UserFile(system, user, "c/b/sub/two.txt")));

        await api.UploadAsync("m/n/1.txt", Text("m"));
        await api.UploadAsync("o/n/2.txt", Text("o"));
        var before = StoreSnapshot.Take(system);
        var intoItself = await api.PostAsync("/api/s3/move", new { sourcePath = "c/b/", destinationFolder = "c/b" });
        var intoChild = await api.PostAsync("/api/s3/move", new { sourcePath = "c/b/", destinationFolder = "c/b/sub/" });
        var taken = await api.PostAsync("/api/s3/move", new { sourcePath = "m/n/", destinationFolder = "o" });
        var missing = await api.PostAsync("/api/s3/move", new { sourcePath = "nothing/", destinationFolder = "o" });

        Assert.Equal(HttpStatusCode.BadRequest, intoItself.Status);
        Assert.Equal(HttpStatusCode.BadRequest, intoChild.Status);
        Assert.Equal((HttpStatusCode.Conflict, "conflict"), (taken.Status, taken.Code));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(before, StoreSnapshot.Take(system));
    }

    [Fact]
    public async Task Files_and_whole_folders_are_deleted()
    {
        var user = NewUser("del");
        using var api = await FilesClient.SignInAsync(system, user);
        foreach (var name in new[] { "d/1.txt", "d/2.txt", "d/e/3.txt", "keep.txt" })
        {
            await api.UploadAsync(name, Text(name));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/s3/delete/d/1.txt")).Status);
        Assert.False(File.Exists(StoreSnapshot.UserFile(system, user, "d/1.txt")));
        var again = await api.DeleteAsync("/api/s3/delete/d/1.txt");
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (again.Status, again.Code));

        // A folder is only deleted when asked for as one (trailing '/').
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync("/api/s3/delete/d")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/s3/delete/d/")).Status);
        Assert.Equal(["keep.txt"], StoreSnapshot.UserFiles(system, user));
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync("/api/s3/delete/d/")).Status);
    }

    [Fact]
    public async Task A_folder_is_created_with_a_hidden_marker_once()
    {
        var user = NewUser("mkdir");
        using var api = await FilesClient.SignInAsync(system, user);

        var created = await api.PostAsync("/api/s3/folder", new { path = "projects/new" });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("projects/new/", created.Body.GetProperty("key").GetString());
        Assert.True(File.Exists(StoreSnapshot.UserFile(system, user, "projects/new/.folder")));
        var projects = await api.ListAllAsync("projects/");
        var folder = Assert.Single(projects);
        Assert.True(folder.GetProperty("isFolder").GetBoolean());
        Assert.Equal("new", folder.GetProperty("name").GetString());

        var again = await api.PostAsync("/api/s3/folder", new { path = "projects/new/" });
        var fileOfThatName = await api.PostAsync("/api/s3/upload", new { fileName = "projects/new", fileSize = 1 });
        var marker = await api.PostAsync("/api/s3/upload", new { fileName = "projects/new/.folder", fileSize = 1 });
        await api.UploadAsync("plain.txt", Text("p"));
        var underAFile = await api.PostAsync("/api/s3/folder", new { path = "plain.txt/inner" });

        Assert.Equal((HttpStatusCode.Conflict, "conflict"), (again.Status, again.Code));
        Assert.Equal((HttpStatusCode.Conflict, "conflict"), (fileOfThatName.Status, fileOfThatName.Code));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_path"), (marker.Status, marker.Code));
        Assert.Equal((HttpStatusCode.Conflict, "conflict"), (underAFile.Status, underAFile.Code));
    }

    [Fact]
    public async Task The_file_manager_needs_a_signed_in_user()
    {
        using var anonymous = FilesClient.Anonymous(system);

        var list = await anonymous.GetAsync("/api/s3/list");
        var upload = await anonymous.PostAsync("/api/s3/upload", new { fileName = "a.txt", fileSize = 1 });

        Assert.Equal(HttpStatusCode.Unauthorized, list.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, upload.Status);
    }
}
