using System.Net;
using System.Text.Json;

namespace Hybrid.Integration.Tests.Infrastructure;

/// <summary>A REST answer: status, parsed JSON body (if any) and the raw text.</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonElement Body, string Text)
{
    /// <summary>The stable error code of a problem response.</summary>
    public string? Code => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var code) ? code.GetString() : null;

    public override string ToString() => $"{(int)Status} {Text}";
}
