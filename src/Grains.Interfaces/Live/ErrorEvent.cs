using Hybrid.Protocol;

namespace Hybrid.Grains.Interfaces.Live;

/// <summary>A non-fatal or fatal problem with a stable <see cref="Code"/> (see <see cref="ErrorCodes"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record ErrorEvent(
    long Id,
    [property: Id(0)] string Code,
    [property: Id(1)] string Message) : SessionEvent(Id);
