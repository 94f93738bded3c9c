using System.Globalization;
using Hybrid.Grains.Interfaces.Recording;
using Hybrid.Grains.Interfaces.Users;
using Microsoft.Extensions.Options;

namespace Hybrid.Grains.Users;

/// <summary>A user's session index (listing never scans the bucket) and quotas.</summary>
public sealed class UserGrain(
    [PersistentState("user", "sessions")] IPersistentState<UserState> state,
    IOptions<UserQuotas> quotas) : Grain, IUserGrain
{
    /// <summary>
    /// How long a live entry stays without renewal. Running sessions renew theirs on every tick
    /// (<see cref="TryStartLive"/> again), so an entry whose release never arrived (its session's
    /// silo died, or this grain was unreachable when it stopped) frees the quota by itself.
    /// </summary>
    internal static readonly TimeSpan LiveLease = TimeSpan.FromSeconds(30);

    // Session id -> last time its session said it is live.
    private readonly Dictionary<string, DateTime> _live = [];

    public async Task Upsert(SessionSummary summary)
    {
        if (state.State.Sessions.TryGetValue(summary.SessionId, out var current) && current == summary)
        {
            return;
        }

        state.State.Sessions[summary.SessionId] = summary;
        await state.WriteStateAsync();
    }

    public async Task Remove(string sessionId)
    {
        var removed = state.State.Sessions.Remove(sessionId) | state.State.ReservedBytes.Remove(sessionId);
        _live.Remove(sessionId);
        if (removed)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<SessionPage> List(int pageSize, string? after)
    {
        pageSize = Math.Clamp(pageSize, 1, 200);
        // Newest first; ties broken by id so the cursor ("ticks:id") is a total order.
        var ordered = state.State.Sessions.Values
            .OrderByDescending(s => s.CreatedUtc).ThenByDescending(s => s.SessionId, StringComparer.Ordinal);
        IEnumerable<SessionSummary> rest = ordered;
        if (Cursor.TryParse(after, out var ticks, out var id))
        {
            rest = ordered.Where(s => s.CreatedUtc.UtcTicks < ticks ||
                (s.CreatedUtc.UtcTicks == ticks && string.CompareOrdinal(s.SessionId, id) < 0));
        }

        var page = rest.Take(pageSize + 1).ToArray();
        var items = page.Take(pageSize).ToArray();
        var next = page.Length > pageSize ? Cursor.Format(items[^1]) : null;
        return Task.FromResult(new SessionPage(items, next));
    }

    public async Task<bool> TryReserveBytes(string sessionId, long bytes)
    {
        var used = state.State.ReservedBytes.Values.Sum();
        if (used + bytes > quotas.Value.MaxStoredBytes)
        {
            return false;
        }

        state.State.ReservedBytes[sessionId] = state.State.ReservedBytes.GetValueOrDefault(sessionId) + bytes;
        await state.WriteStateAsync();
        return true;
    }

    public Task<bool> TryStartLive(string sessionId)
    {
        // Live streams end with their activations, so this count is deliberately not persisted.
        var now = DateTime.UtcNow;
        if (_live.ContainsKey(sessionId))
        {
            _live[sessionId] = now;
            return Task.FromResult(true);
        }

        foreach (var stale in _live.Where(e => now - e.Value > LiveLease).Select(e => e.Key).ToArray())
        {
            _live.Remove(stale);
        }

        if (_live.Count >= quotas.Value.MaxLiveSessions)
        {
            return Task.FromResult(false);
        }

        _live[sessionId] = now;
        DelayDeactivation(TimeSpan.FromHours(12));
        return Task.FromResult(true);
    }

    public Task EndLive(string sessionId)
    {
        _live.Remove(sessionId);
        return Task.CompletedTask;
    }

    private static class Cursor
    {
        public static string Format(SessionSummary last) =>
            last.CreatedUtc.UtcTicks.ToString(CultureInfo.InvariantCulture) + ":" + last.SessionId;

        public static bool TryParse(string? cursor, out long ticks, out string id)
        {
            ticks = 0;
            id = string.Empty;
            var colon = cursor?.IndexOf(':') ?? -1;
            if (colon <= 0 || !long.TryParse(cursor![..colon], NumberStyles.None, CultureInfo.InvariantCulture, out ticks))
            {
                return false;
            }

            id = cursor[(colon + 1)..];
            return true;
        }
    }
}
