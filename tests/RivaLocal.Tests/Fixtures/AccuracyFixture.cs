namespace Hybrid.RivaLocal.Tests.Fixtures;

/// <summary>A default server reserved for the WER measurements.</summary>
public sealed class AccuracyFixture : RivaLocalFixture;
