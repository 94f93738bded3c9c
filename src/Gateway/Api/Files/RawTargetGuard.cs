using Microsoft.AspNetCore.Http.Features;

namespace Hybrid.Gateway.Api.Files;

/// <summary>
/// Kestrel resolves <c>.</c> and <c>..</c> segments (also <c>%2e%2e</c>) before routing, so
/// <c>/api/s3/download/a/../b</c> would quietly become a download of <c>b</c>. File paths are refused,
/// never repaired (see <c>RelativePath</c>): a request whose raw target had dot segments is a 400.
/// </summary>
internal static class RawTargetGuard
{
    private const int MaxDecodeRounds = 4;

    public static bool HasDotSegments(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return false;
        }

        var end = raw.IndexOfAny(['?', '#']);
        var path = end >= 0 ? raw[..end] : raw;

        // Absolute-form targets ("http://host/path"): look at the path only.
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            path = slash >= 0 ? path[slash..] : "/";
        }

        for (var round = 0; round <= MaxDecodeRounds; round++)
        {
            foreach (var segment in path.Split('/', '\\'))
            {
                if (segment is "." or "..")
                {
                    return true;
                }
            }

            var decoded = Uri.UnescapeDataString(path);
            if (decoded == path)
            {
                break;
            }

            path = decoded;
        }

        return false;
    }
}
