namespace Hybrid.Grains.Interfaces.Live;

/// <summary>An event of a session's feed. <see cref="Id"/> increases by one per event.</summary>
[GenerateSerializer]
public abstract record SessionEvent([property: Id(0)] long Id);
