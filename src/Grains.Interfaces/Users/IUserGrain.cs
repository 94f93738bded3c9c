using Hybrid.Grains.Interfaces.Recording;

namespace Hybrid.Grains.Interfaces.Users;

/// <summary>
/// One user (key: the token's <c>sub</c>): the index of their sessions (so listing never scans the
/// bucket) and their quotas. Only session grains write to it.
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Adds or updates a session's row in the index.</summary>
    Task Upsert(SessionSummary summary);

    /// <summary>Removes a session from the index and gives back its stored bytes.</summary>
    Task Remove(string sessionId);

    /// <summary>The user's sessions, newest first; <paramref name="after"/> is the previous page's cursor.</summary>
    Task<SessionPage> List(int pageSize, string? after);

    /// <summary>Reserves stored bytes for an upload; false when the quota would be exceeded.</summary>
    Task<bool> TryReserveBytes(string sessionId, long bytes);

    /// <summary>
    /// Takes a live-session slot; false when the user already runs the maximum. Idempotent: a running
    /// session calls it again periodically to renew its slot, and a slot not renewed for a while
    /// (its release was lost with a silo) is given back by itself.
    /// </summary>
    Task<bool> TryStartLive(string sessionId);

    /// <summary>Gives a live-session slot back (idempotent).</summary>
    Task EndLive(string sessionId);
}
