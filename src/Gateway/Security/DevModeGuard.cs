using System.Net;
using Hybrid.Gateway.Auth;

namespace Hybrid.Gateway.Security;

/// <summary>Refuses to start Dev sign-in on a network address: anyone could mint tokens for anyone.</summary>
public static class DevModeGuard
{
    public static void EnsureSafe(AuthOptions auth, IEnumerable<string> urls)
    {
        if (!auth.IsDev || auth.AllowDevOnNetwork)
        {
            return;
        }

        foreach (var url in urls)
        {
            var host = url.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0");
            if (!Uri.TryCreate(host, UriKind.Absolute, out var uri) ||
                !(uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip))))
            {
                throw new InvalidOperationException(
                    $"Auth:Mode=Dev may only listen on loopback, not {url}. Use Auth:Mode=Cognito, or set Auth:AllowDevOnNetwork=true for a closed test network.");
            }
        }
    }
}
