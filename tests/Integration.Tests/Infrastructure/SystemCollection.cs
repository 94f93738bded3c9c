namespace Hybrid.Integration.Tests.Infrastructure;

/// <summary>Tests that share one running system (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
