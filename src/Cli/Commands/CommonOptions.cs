using Hybrid.Client;

namespace Hybrid.Cli.Commands;

/// <summary>Options every hub command takes: gateway URL, identity, protocol, verbosity.</summary>
public sealed record CommonOptions(Uri Url, string User, string? Token, HubProtocolKind Protocol, bool Verbose)
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>Option names that take a value.</summary>
    public static readonly string[] ValueOptions = ["url", "user", "token", "protocol"];

    /// <summary>Option names that are flags.</summary>
    public static readonly string[] FlagOptions = ["verbose"];

    private static readonly Dictionary<string, HubProtocolKind> Protocols = new(StringComparer.Ordinal)
    {
        ["json"] = HubProtocolKind.Json,
        ["messagepack"] = HubProtocolKind.MessagePack,
    };

    /// <summary>The hub endpoint under the base URL (keeps any path prefix of a reverse proxy).</summary>
    public Uri HubUrl => Hub(string.Empty).HubUrl;

    /// <summary>Connection options with the token to present.</summary>
    public HubClientOptions Hub(string token) => new(Url, Protocol, token);

    /// <param name="tokenFromEnvironment">The value of <c>HYBRID_TOKEN</c>, used when <c>--token</c> is absent.</param>
    public static CommonOptions From(ParsedArguments args, string? tokenFromEnvironment)
    {
        // HYBRID_URL is the same override scripts/run honours for the gateway address.
        var urlText = args.Value("url") ?? Environment.GetEnvironmentVariable("HYBRID_URL") ?? DefaultUrl;
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--url must be an http:// or https:// address (got '{urlText}')");
        }

        var user = args.Value("user", "dev-user");
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new UsageException("--user must not be empty");
        }

        var token = args.Value("token") ?? (string.IsNullOrWhiteSpace(tokenFromEnvironment) ? null : tokenFromEnvironment.Trim());
        var protocol = args.Choice("protocol", HubProtocolKind.Json, Protocols);
        return new CommonOptions(url, user, token, protocol, args.Flag("verbose"));
    }
}
