namespace Hybrid.Providers.Tests.Infrastructure;

/// <summary>All provider tests share one dynalite process.</summary>
[CollectionDefinition(Name)]
public sealed class DynaliteCollection : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "dynalite";
}
