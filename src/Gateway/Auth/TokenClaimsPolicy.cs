using System.Security.Claims;

namespace Hybrid.Gateway.Auth;

/// <summary>
/// Cognito-specific checks that token validation parameters cannot express: the token kind
/// (<c>token_use</c>) and the app client it was issued to (<c>client_id</c> on access tokens,
/// <c>aud</c> on id tokens), plus a subject to scope every key and grain call by.
/// </summary>
public static class TokenClaimsPolicy
{
    /// <summary>Null when the token is acceptable, otherwise why not (logged, never sent).</summary>
    public static string? Check(ClaimsPrincipal principal, string tokenUse, string clientId)
    {
        if (string.IsNullOrEmpty(principal.FindFirst("sub")?.Value))
        {
            return "token has no sub";
        }

        var use = principal.FindFirst("token_use")?.Value;
        if (!string.Equals(use, tokenUse, StringComparison.Ordinal))
        {
            return $"token_use '{use}' is not '{tokenUse}'";
        }

        var client = tokenUse == "id"
            ? principal.FindAll("aud").Select(c => c.Value).FirstOrDefault(v => v == clientId)
            : principal.FindFirst("client_id")?.Value;
        return client == clientId ? null : "token was issued to another app client";
    }
}
