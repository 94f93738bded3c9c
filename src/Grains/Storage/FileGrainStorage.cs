using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Orleans.Runtime;
using Orleans.Storage;

namespace Hybrid.Grains.Storage;

/// <summary>
/// Grain storage in local files, for the one-machine embedded default. One file per grain state,
/// written to a temporary file and renamed into place (a crash leaves the old or the new state, never
/// half of one). The ETag is a version counter stored in the file; a stale ETag is refused with
/// <see cref="InconsistentStateException"/> like any Orleans provider. Clear deletes the file.
/// </summary>
public sealed class FileGrainStorage(string name, FileGrainStorageOptions options, IGrainStorageSerializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    public string Name { get; } = name;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        LockedAsync(PathFor(stateName, grainId), async path =>
        {
            var stored = await ReadFileAsync(path);
            if (stored is null)
            {
                grainState.State = Activator.CreateInstance<T>();
                grainState.ETag = null;
                grainState.RecordExists = false;
                return;
            }

            grainState.State = serializer.Deserialize<T>(new BinaryData(stored.Value.Payload));
            grainState.ETag = stored.Value.ETag;
            grainState.RecordExists = true;
        });

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        LockedAsync(PathFor(stateName, grainId), async path =>
        {
            var current = await ReadFileAsync(path);
            CheckETag(stateName, grainId, current?.ETag, grainState.ETag);
            var next = ((current is null ? 0 : long.Parse(current.Value.ETag)) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var payload = serializer.Serialize(grainState.State).ToArray();
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp";
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await file.WriteAsync(Encoding.ASCII.GetBytes(next + "\n"));
                await file.WriteAsync(payload);
            }

            File.Move(temp, path, overwrite: true);
            grainState.ETag = next;
            grainState.RecordExists = true;
        });

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        LockedAsync(PathFor(stateName, grainId), async path =>
        {
            var current = await ReadFileAsync(path);
            CheckETag(stateName, grainId, current?.ETag, grainState.ETag);
            File.Delete(path);
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = Activator.CreateInstance<T>();
        });

    /// <summary>One operation at a time per state file (the same grain state is never read and written at once).</summary>
    private async Task LockedAsync(string path, Func<string, Task> operation)
    {
        var gate = _locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            await operation(path);
        }
        finally
        {
            gate.Release();
        }
    }

    private static void CheckETag(string stateName, GrainId grainId, string? stored, string? expected)
    {
        if (stored != expected)
        {
            throw new InconsistentStateException($"ETag mismatch for {stateName} of {grainId}", stored ?? "none", expected ?? "none");
        }
    }

    private string PathFor(string stateName, GrainId grainId)
    {
        // Grain keys come from users; hash them so no key can name a path outside the folder.
        var key = grainId.ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var safeType = new string(grainId.Type.ToString().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return Path.Combine(options.RootDirectory, Name, stateName, safeType, hash + ".state");
    }

    private static async Task<(string ETag, byte[] Payload)?> ReadFileAsync(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path);
        var newline = Array.IndexOf(bytes, (byte)'\n');
        if (newline <= 0)
        {
            throw new InvalidDataException($"Corrupt grain state file {Path.GetFileName(path)}");
        }

        return (Encoding.ASCII.GetString(bytes, 0, newline), bytes[(newline + 1)..]);
    }
}
