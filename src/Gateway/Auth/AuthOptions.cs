namespace Hybrid.Gateway.Auth;

/// <summary>Sign-in configuration (section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary><c>Dev</c> (the gateway is its own RS256 issuer; the embedded default) or <c>Cognito</c>.</summary>
    public string Mode { get; set; } = "Dev";

    /// <summary>Cognito: <c>https://cognito-idp.{region}.amazonaws.com/{userPoolId}</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>Cognito app client id (the <c>aud</c> of id tokens, the <c>client_id</c> of access tokens).</summary>
    public string? ClientId { get; set; }

    /// <summary>Which Cognito token the API accepts: <c>access</c> (checked against <c>client_id</c>) or <c>id</c> (against <c>aud</c>).</summary>
    public string TokenUse { get; set; } = "access";

    /// <summary>How often the signing keys may be re-fetched when a token names an unknown key (rotation).</summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Browser origins allowed to open the hub and call the API cross-origin; same-origin is always allowed.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Lets Dev mode listen on a non-loopback address. Never set this in production.</summary>
    public bool AllowDevOnNetwork { get; set; }

    /// <summary>Cognito Hosted UI domain for the web app's sign-in, e.g. <c>https://myapp.auth.us-east-2.amazoncognito.com</c>.</summary>
    public string? HostedUiDomain { get; set; }

    /// <summary>Where the Hosted UI sends the browser back (the app's <c>/callback</c> page).</summary>
    public string? RedirectUri { get; set; }

    /// <summary>OAuth scopes the web app asks for.</summary>
    public string[] Scopes { get; set; } = ["openid", "email", "profile"];

    /// <summary>Dev issuer name (the <c>iss</c> claim).</summary>
    public string DevIssuer { get; set; } = "hybrid-dev";

    /// <summary>Dev audience (the <c>aud</c> claim).</summary>
    public string DevAudience { get; set; } = "hybrid";

    /// <summary>Lifetime of dev tokens.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public bool IsDev => string.Equals(Mode, "Dev", StringComparison.OrdinalIgnoreCase);
}
