namespace Hybrid.Integration.Tests.Infrastructure;

/// <summary>The system with the gateway in Cognito mode, trusting a <see cref="TestIssuer"/>.</summary>
public sealed class CognitoSystemFixture : SystemFixture
{
    public const string AllowedOrigin = "https://app.example.test";

    public TestIssuer Issuer { get; private set; } = null!;

    protected override IEnumerable<string> GatewayArguments =>
    [
        "--Auth:Mode=Cognito",
        $"--Auth:Authority={Issuer.Authority}",
        $"--Auth:ClientId={TestIssuer.ClientId}",
        "--Auth:JwksRefreshInterval=00:00:01",
        $"--Auth:AllowedOrigins:0={AllowedOrigin}",
        "--RateLimits:ApiPerMinute=5",
        "--RateLimits:ApiBurst=5",
    ];

    public override async Task InitializeAsync()
    {
        Issuer = await TestIssuer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
