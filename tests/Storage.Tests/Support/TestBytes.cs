using System.Security.Cryptography;

namespace Hybrid.Storage.Tests.Support;

internal static class TestBytes
{
    public static byte[] Random(int length)
    {
        var bytes = new byte[length];
        System.Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public static string Md5Hex(byte[] data) => Convert.ToHexStringLower(MD5.HashData(data));
}
