namespace Hybrid.Cli.Connection;

/// <summary>An explicit token when one was given, otherwise one from the gateway's dev issuer.</summary>
public sealed class TokenSource(DevTokenClient devTokens, Uri baseUrl, string? explicitToken)
{
    public Task<string> GetAsync(string user, CancellationToken cancellationToken) =>
        explicitToken is not null ? Task.FromResult(explicitToken) : devTokens.GetTokenAsync(baseUrl, user, cancellationToken);
}
