namespace Hybrid.RivaLocal.Tests.Fixtures;

/// <summary>Tests sharing one default RivaLocal server (capacity 4).</summary>
[CollectionDefinition(Name)]
public sealed class RivaLocalCollection : ICollectionFixture<RivaLocalFixture>
{
    public const string Name = "RivaLocal";
}
