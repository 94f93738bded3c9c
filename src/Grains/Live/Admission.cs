using Hybrid.Grains.Asr;
using Hybrid.Grains.Interfaces;
using Hybrid.Grains.Interfaces.Placement;
using Hybrid.Grains.Interfaces.Users;
using Hybrid.Grains.Placement;
using Hybrid.Protocol;
using Microsoft.Extensions.Logging;

namespace Hybrid.Grains.Live;

/// <summary>
/// Whether a session may stream: the user's live quota, a recognizer slot on this silo, and, when the
/// silo is full, the cluster's capacity for the answer. Holds the slot while the session streams.
/// The quota is bookkeeping on another grain (<see cref="Bookkeeping"/>): it never fails a start or a
/// stop by being unreachable.
/// </summary>
/// <remarks>Not thread-safe: used from one grain activation's turns.</remarks>
internal sealed class Admission(IGrainFactory grains, AsrSlotPool slots, CapacityView capacity, ILogger logger)
{
    private IDisposable? _slot;

    /// <summary>True while this session holds a recognizer slot of this silo.</summary>
    public bool HoldsSlot => _slot is not null;

    /// <summary>
    /// Takes the user's live slot and a recognizer slot, or throws <c>quota_exceeded</c> or
    /// <c>capacity_exhausted</c>; <paramref name="leaveSilo"/> runs when this silo is full, so the
    /// next attempt is placed afresh.
    /// </summary>
    public async Task AdmitAsync(string ownerId, string sessionId, Action leaveSilo)
    {
        var user = grains.GetGrain<IUserGrain>(ownerId);
        // An unreachable user grain (its silo just died) admits the session: the quota is re-counted
        // when the session renews its live entry on the next tick.
        if (!await Bookkeeping.TryAsync(() => user.TryStartLive(sessionId), true, logger, sessionId, "taking a live slot"))
        {
            throw new SessionException(ErrorCodes.QuotaExceeded, "you already have the maximum number of live sessions; stop one first");
        }

        var slot = slots.TryAcquire();
        if (slot is null)
        {
            await EndLiveAsync(ownerId, sessionId);
            leaveSilo();
            var (total, free) = await ClusterCapacityAsync();
            throw free > 0
                ? new SessionException(ErrorCodes.CapacityExhausted, $"the speech recognizer this session was placed on is full ({slots.Capacity} streams); retry now")
                {
                    RetryAfterSeconds = 0,
                }
                : new SessionException(ErrorCodes.CapacityExhausted, $"all {Math.Max(total, slots.Capacity)} GPU stream slots are busy; retry after 5 s")
                {
                    RetryAfterSeconds = 5,
                };
        }

        _slot = slot;
    }

    /// <summary>Gives both slots back: the local one first, always; the user's one as bookkeeping.</summary>
    public async Task ReleaseAsync(string ownerId, string sessionId)
    {
        if (_slot is null)
        {
            return;
        }

        _slot.Dispose();
        _slot = null;
        await EndLiveAsync(ownerId, sessionId);
    }

    /// <summary>Renews the session's live entry in the user's set (rebuilt there after the user grain moved).</summary>
    public async Task RenewAsync(string ownerId, string sessionId) =>
        await Bookkeeping.TryAsync(() => grains.GetGrain<IUserGrain>(ownerId).TryStartLive(sessionId), true, logger, sessionId, "renewing the live slot");

    private async Task EndLiveAsync(string ownerId, string sessionId) =>
        await Bookkeeping.TryAsync(() => grains.GetGrain<IUserGrain>(ownerId).EndLive(sessionId), logger, sessionId, "releasing the live slot");

    /// <summary>The cluster's capacity from the registry (fresh), with this silo's own live count.</summary>
    private async Task<(int Total, int Free)> ClusterCapacityAsync()
    {
        try
        {
            var reports = await grains.GetGrain<ICapacityRegistryGrain>(0).Snapshot().WaitAsync(Bookkeeping.AttemptTimeout);
            capacity.Update(reports); // this silo's next placement decision sees the fresh picture
            var local = capacity.LocalReport(serving: true);
            var others = reports.Where(r => !r.Silo.Equals(local.Silo)).ToArray();
            return (others.Sum(r => r.Capacity) + local.Capacity, others.Sum(r => r.Free) + local.Free);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return capacity.Totals();
        }
    }
}
