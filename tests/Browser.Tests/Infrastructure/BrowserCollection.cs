namespace Hybrid.Browser.Tests.Infrastructure;

/// <summary>Browser tests share one running system and run one after another (2 cores: one Chromium at a time).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSystemFixture>
{
    public const string Name = "browser";
}
