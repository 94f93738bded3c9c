namespace Hybrid.Gateway.Auth;

/// <summary>Body of <c>POST /api/dev/token</c>.</summary>
public sealed record DevTokenRequest(string? User);
