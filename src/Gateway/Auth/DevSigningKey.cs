using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Hybrid.Gateway.Auth;

/// <summary>
/// The dev issuer's RSA key, kept in the data folder so tokens survive a restart. The file holds a
/// private key: it is created owner-readable only and never leaves the machine.
/// </summary>
public sealed class DevSigningKey
{
    public DevSigningKey(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, "gateway");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "dev-signing-key.pem");
        var rsa = RSA.Create();
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            rsa = RSA.Create(2048);
            File.WriteAllText(path, rsa.ExportRSAPrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16];
        Key = new RsaSecurityKey(rsa) { KeyId = keyId };
        PublicJwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = keyId });
        PublicJwk.Use = "sig";
        PublicJwk.Alg = SecurityAlgorithms.RsaSha256;
    }

    /// <summary>The signing key (private).</summary>
    public RsaSecurityKey Key { get; }

    /// <summary>The public half as a JWK for <c>/.well-known/jwks.json</c>.</summary>
    public JsonWebKey PublicJwk { get; }
}
