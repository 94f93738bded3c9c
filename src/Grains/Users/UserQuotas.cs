namespace Hybrid.Grains.Users;

/// <summary>Per-user limits (section <c>Quotas</c>).</summary>
public sealed class UserQuotas
{
    public const string SectionName = "Quotas";

    /// <summary>Live sessions one user may stream at the same time.</summary>
    public int MaxLiveSessions { get; set; } = 3;

    /// <summary>Bytes of audio one user may store (presigned uploads count when issued).</summary>
    public long MaxStoredBytes { get; set; } = 5L * 1024 * 1024 * 1024;
}
