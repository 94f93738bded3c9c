using Hybrid.Grains.Interfaces.Recording;

namespace Hybrid.Grains.Users;

/// <summary>A user's session index and usage.</summary>
[GenerateSerializer]
public sealed class UserState
{
    [Id(0)] public Dictionary<string, SessionSummary> Sessions { get; set; } = [];
    /// <summary>Bytes reserved by presigns per session (an upper bound of what is stored).</summary>
    [Id(1)] public Dictionary<string, long> ReservedBytes { get; set; } = [];
}
