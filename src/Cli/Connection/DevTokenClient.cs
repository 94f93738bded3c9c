using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Hybrid.Cli.Connection;

/// <summary>Gets a token from the gateway's dev issuer (<c>POST /api/dev/token</c>, only when <c>Auth:Mode=Dev</c>).</summary>
public sealed class DevTokenClient(HttpClient http)
{
    public async Task<string> GetTokenAsync(Uri baseUrl, string user, CancellationToken cancellationToken)
    {
        var url = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/api/dev/token");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(url, new TokenRequest(user), cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Connection, $"cannot reach the gateway at {baseUrl}: {ex.Message}", inner: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Connection, $"the gateway at {baseUrl} did not answer in time", inner: ex);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            {
                throw new CliException(ExitCodes.Connection,
                    $"the gateway at {baseUrl} offers no dev sign-in (Auth:Mode is not Dev); pass --token or set HYBRID_TOKEN");
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var retry = response.Headers.RetryAfter?.Delta is { } delta ? $"; retry after {delta.TotalSeconds:0} s" : string.Empty;
                throw new CliException(ExitCodes.Connection,
                    $"dev sign-in as '{user}' was rate-limited (HTTP 429){retry}; the gateway allows RateLimits:DevSignInPerMinute sign-ins per IP",
                    "rate_limited");
            }

            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new CliException(ExitCodes.Connection,
                    $"dev sign-in as '{user}' failed: HTTP {(int)response.StatusCode} {Shorten(body)}".TrimEnd());
            }

            TokenResponse? token;
            try
            {
                token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new CliException(ExitCodes.Connection, $"dev sign-in returned something that is not a token: {ex.Message}", inner: ex);
            }

            return string.IsNullOrEmpty(token?.AccessToken)
                ? throw new CliException(ExitCodes.Connection, "dev sign-in returned no access_token")
                : token.AccessToken;
        }
    }

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";

    private sealed record TokenRequest([property: JsonPropertyName("user")] string User);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
