using System.Security.Claims;

namespace Hybrid.Gateway.Api;

/// <summary>The caller's user id: the token's <c>sub</c>, never anything the client sends.</summary>
public static class UserContext
{
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirst("sub")?.Value ?? throw new InvalidOperationException("an authenticated request without sub");
}
