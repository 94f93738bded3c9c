using System.Text.Json.Serialization;

namespace Hybrid.Gateway.Auth;

/// <summary>Answer of <c>POST /api/dev/token</c>.</summary>
public sealed record DevTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);
