namespace Hybrid.RivaLocal.Tests.Fixtures;

/// <summary>Tests on the one-decoder server; xunit runs them one at a time, as the single decoder needs.</summary>
[CollectionDefinition(Name)]
public sealed class SingleDecoderCollection : ICollectionFixture<SingleDecoderFixture>
{
    public const string Name = "SingleDecoder";
}
