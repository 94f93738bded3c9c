using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Hybrid.Storage.Local;

/// <summary>
/// The shared URL-signing key: 32 random bytes in a file readable only by its owner. The first
/// process to start creates it; the silo (which signs) and the gateway (which verifies) read the
/// same file, and a race between them is settled by an atomic no-replace rename.
/// </summary>
internal static class SigningKeyFile
{
    public const int KeyBytes = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OthersAny = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static byte[] LoadOrCreate(string path, ILogger logger)
    {
        if (TryRead(path, logger, out var existing))
        {
            return existing;
        }

        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600 from the first byte, not chmod-ed afterwards.
            options.UnixCreateMode = OwnerOnly;
        }

        using (var file = new FileStream(temp, options))
        {
            file.Write(key);
            file.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temp, path, overwrite: false);
            logger.LogInformation("Created the URL-signing key {SigningKeyPath}", path);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs so both sides agree.
            File.Delete(temp);
            return TryRead(path, logger, out existing)
                ? existing
                : throw new InvalidOperationException($"the URL-signing key {path} vanished while it was being read");
        }
    }

    private static bool TryRead(string path, ILogger logger, out byte[] key)
    {
        key = [];
        if (!File.Exists(path))
        {
            return false;
        }

        key = File.ReadAllBytes(path);
        if (key.Length != KeyBytes)
        {
            throw new InvalidOperationException(
                $"the URL-signing key {path} must hold exactly {KeyBytes} bytes, not {key.Length}; delete it to create a new one");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersAny) != 0)
        {
            logger.LogWarning("The URL-signing key {SigningKeyPath} is accessible to other users; run chmod 600 on it", path);
        }

        return true;
    }
}
