using System.Net;
using System.Text;
using Hybrid.Gateway.Auth;
using Hybrid.Gateway.Security;
using Hybrid.Integration.Tests.Infrastructure;

namespace Hybrid.Integration.Tests.Security;

/// <summary>Headers, limits and the dev issuer's guard rails (embedded default, Dev mode).</summary>
[Collection(SystemCollection.Name)]
public sealed class GatewayHardeningTests(SystemFixture system)
{
    [Fact]
    public async Task Responses_carry_security_headers()
    {
        var response = await system.Http.GetAsync("/healthz");

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", string.Join(',', response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var body = "{\"user\":\"" + new string('a', 4000) + "\"}";

        var response = await system.Http.PostAsync("/api/dev/token", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("payload_too_large", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dev_tokens_validate_through_the_same_checks_and_name_the_user()
    {
        var token = await system.TokenAsync("zoe");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/data");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var response = await system.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"userId\":\"zoe\"", await response.Content.ReadAsStringAsync());
        var jwks = await system.Http.GetStringAsync("/.well-known/jwks.json");
        Assert.Contains("\"kty\":\"RSA\"", jwks);
        Assert.DoesNotContain("\"d\":", jwks); // the public half only
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://+:5000")]
    [InlineData("http://*:5000")]
    [InlineData("http://10.1.2.3:5000")]
    public void Dev_mode_refuses_to_listen_on_a_network_address(string url)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => DevModeGuard.EnsureSafe(new AuthOptions { Mode = "Dev" }, [url]));
        Assert.Contains("loopback", ex.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    public void Dev_mode_may_listen_on_loopback(string url) =>
        DevModeGuard.EnsureSafe(new AuthOptions { Mode = "Dev" }, [url]);

    [Fact]
    public void Dev_mode_on_a_network_address_can_be_forced_explicitly() =>
        DevModeGuard.EnsureSafe(new AuthOptions { Mode = "Dev", AllowDevOnNetwork = true }, ["http://0.0.0.0:5000"]);
}
