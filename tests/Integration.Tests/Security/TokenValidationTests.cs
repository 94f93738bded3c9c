using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.Tokens;

namespace Hybrid.Integration.Tests.Security;

/// <summary>
/// Cognito-mode sign-in against a JWKS served by the fixture: every kind of bad token is refused with
/// 401 on REST and on the hub's negotiate, good ones pass, and a rotated key is picked up.
/// </summary>
public sealed class TokenValidationTests(CognitoSystemFixture system) : IClassFixture<CognitoSystemFixture>
{
    public static TheoryData<string> BadTokens => new()
    {
        "missing", "expired", "not-yet-valid", "wrong-issuer", "wrong-client", "wrong-token-use",
        "alg-none", "hs256-with-public-key", "tampered-payload", "unknown-kid", "garbage",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_refused_on_rest_and_on_the_hub(string kind)
    {
        var token = BadToken(kind);

        var rest = await SendAsync(HttpMethod.Get, "/api/data", token);
        var negotiate = await SendAsync(HttpMethod.Post, HubNames.Route + "/negotiate?negotiateVersion=1", token);

        Assert.Equal(HttpStatusCode.Unauthorized, rest.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    [Fact]
    public async Task A_good_token_is_accepted_and_names_its_subject()
    {
        var response = await SendAsync(HttpMethod.Get, "/api/data", system.Issuer.Token("user-good"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"userId\":\"user-good\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_rotated_signing_key_is_picked_up()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/data", system.Issuer.Token("user-rotate"))).StatusCode);
        system.Issuer.RotateKey();
        var token = system.Issuer.Token("user-rotate");

        // The first request with an unknown kid makes the gateway re-read the JWKS (at most once a second here).
        var status = HttpStatusCode.Unauthorized;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (status != HttpStatusCode.OK && !deadline.IsCancellationRequested)
        {
            status = (await SendAsync(HttpMethod.Get, "/api/data", token)).StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(200, CancellationToken.None);
            }
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_hub_connection_is_closed_when_its_token_expires()
    {
        var token = system.Issuer.Token("user-expiring", lifetime: TimeSpan.FromSeconds(4));
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(system.BaseUri, HubNames.Route), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };

        await connection.StartAsync();
        Assert.Equal(HubConnectionState.Connected, connection.State);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task Too_many_requests_get_429_with_retry_after()
    {
        var token = system.Issuer.Token("user-greedy");
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add(await SendAsync(HttpMethod.Get, "/api/data", token));
        }

        var refused = statuses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After should say when to come back");
        Assert.Contains("rate_limited", await refused.Content.ReadAsStringAsync());
        // Another user is not affected.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/data", system.Issuer.Token("user-modest"))).StatusCode);
    }

    [Fact]
    public async Task A_foreign_origin_may_not_open_the_hub_but_an_allowed_one_may()
    {
        var token = system.Issuer.Token("user-origin");
        using var evil = new HttpRequestMessage(HttpMethod.Post, HubNames.Route + "/negotiate?negotiateVersion=1");
        evil.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        evil.Headers.Add("Origin", "https://evil.example");
        using var good = new HttpRequestMessage(HttpMethod.Post, HubNames.Route + "/negotiate?negotiateVersion=1");
        good.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        good.Headers.Add("Origin", CognitoSystemFixture.AllowedOrigin);

        Assert.Equal(HttpStatusCode.Forbidden, (await system.Http.SendAsync(evil)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await system.Http.SendAsync(good)).StatusCode);
    }

    [Fact]
    public async Task Dev_sign_in_does_not_exist_in_cognito_mode()
    {
        var response = await system.Http.PostAsync("/api/dev/token", new StringContent("{\"user\":\"x\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await system.Http.SendAsync(request);
    }

    private string? BadToken(string kind)
    {
        var issuer = system.Issuer;
        return kind switch
        {
            "missing" => null,
            "expired" => issuer.Token("u", lifetime: TimeSpan.FromMinutes(-5)),
            "not-yet-valid" => issuer.Token("u", notBefore: DateTime.UtcNow.AddMinutes(5), lifetime: TimeSpan.FromMinutes(20)),
            "wrong-issuer" => issuer.Token("u", issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other"),
            "wrong-client" => issuer.Token("u", clientId: "someone-elses-client"),
            "wrong-token-use" => issuer.Token("u", tokenUse: "id"),
            "alg-none" => Unsigned(issuer.Token("u")),
            "hs256-with-public-key" => issuer.Token("u", credentials: new SigningCredentials(
                new SymmetricSecurityKey(issuer.CurrentKey.Rsa.ExportSubjectPublicKeyInfo()) { KeyId = issuer.CurrentKey.KeyId }, SecurityAlgorithms.HmacSha256)),
            "tampered-payload" => Tamper(issuer.Token("u")),
            "unknown-kid" => issuer.Token("u", credentials: new SigningCredentials(
                new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "not-published" }, SecurityAlgorithms.RsaSha256)),
            "garbage" => "not.a.jwt",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static string Unsigned(string jwt)
    {
        var parts = jwt.Split('.');
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        return $"{header}.{parts[1]}.";
    }

    private static string Tamper(string jwt)
    {
        var parts = jwt.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"sub\":\"u\"", "\"sub\":\"admin\"");
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }
}
