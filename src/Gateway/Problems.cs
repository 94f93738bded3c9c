namespace Hybrid.Gateway;

/// <summary><c>application/problem+json</c> answers with a stable <c>code</c>.</summary>
public static class Problems
{
    public static IResult BadRequest(string code, string detail) => Create(StatusCodes.Status400BadRequest, code, detail);

    public static IResult Create(int status, string code, string detail) => Results.Problem(
        statusCode: status,
        title: code,
        detail: detail,
        type: $"urn:hybrid:error:{code}",
        extensions: new Dictionary<string, object?> { ["code"] = code });
}
