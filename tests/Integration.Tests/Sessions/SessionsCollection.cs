namespace Hybrid.Integration.Tests.Sessions;

/// <summary>Session tests that look at or break the silo's storage (they share one instrumented system).</summary>
[CollectionDefinition(Name)]
public sealed class SessionsCollection : ICollectionFixture<InstrumentedSystemFixture>
{
    public const string Name = "sessions";
}
