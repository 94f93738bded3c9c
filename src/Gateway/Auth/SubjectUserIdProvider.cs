using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Gateway.Auth;

/// <summary>The user id is the token's <c>sub</c>, never a client-supplied field.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.FindFirst("sub")?.Value;
}
