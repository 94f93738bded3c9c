using Hybrid.Grains.Interfaces.Recording;

namespace Hybrid.Grains.Interfaces.Users;

/// <summary>A page of a user's sessions; <see cref="Next"/> is null on the last page.</summary>
[GenerateSerializer, Immutable]
public sealed record SessionPage([property: Id(0)] IReadOnlyList<SessionSummary> Items, [property: Id(1)] string? Next);
