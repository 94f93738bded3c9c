namespace Hybrid.Gateway.Security;

/// <summary>Rate limits (section <c>RateLimits</c>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Sustained API requests per minute per user (or per IP when anonymous).</summary>
    public int ApiPerMinute { get; set; } = 600;

    /// <summary>Short bursts allowed above the sustained rate.</summary>
    public int ApiBurst { get; set; } = 200;

    /// <summary>Dev tokens per minute per IP.</summary>
    public int DevSignInPerMinute { get; set; } = 30;

    /// <summary>Anonymous public memory writes per minute per IP.</summary>
    public int PublicWritesPerMinute { get; set; } = 10;
}
