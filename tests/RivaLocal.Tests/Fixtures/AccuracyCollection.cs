namespace Hybrid.RivaLocal.Tests.Fixtures;

/// <summary>
/// The long WER runs get their own server so they decode in parallel with the other collections
/// (two cores) instead of after them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AccuracyCollection : ICollectionFixture<AccuracyFixture>
{
    public const string Name = "Accuracy";
}
