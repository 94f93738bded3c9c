namespace Hybrid.Gateway.WebApp;

/// <summary>Where the built browser app is served from (section <c>WebApp</c>).</summary>
public sealed class WebAppOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "WebApp";

    /// <summary>
    /// The folder holding the built app (<c>index.html</c> and <c>assets/</c>), absolute or relative to the
    /// content root. Unset: the first of <c>{app}/ClientApp/dist</c>, <c>{content root}/ClientApp/dist</c> and
    /// <c>src/Gateway/ClientApp/dist</c> in a parent folder of either (a source checkout) that has an index.html.
    /// </summary>
    public string? Root { get; set; }

    /// <summary>Set to false to serve no web app (API-only gateways).</summary>
    public bool Enabled { get; set; } = true;
}
