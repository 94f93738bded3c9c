using System.Net;
using Hybrid.Grains.Interfaces.Users;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Integration.Tests.Security;

/// <summary>Per-user quotas: concurrent live sessions and stored bytes (defaults: 3 sessions, 5 GiB).</summary>
[Collection(SystemCollection.Name)]
public sealed class QuotaTests(SystemFixture system)
{
    [Fact]
    public async Task A_user_may_stream_only_so_many_live_sessions_at_once()
    {
        var user = system.Cluster.GetGrain<IUserGrain>("quota-live");
        Assert.True(await user.TryStartLive("s-1"));
        Assert.True(await user.TryStartLive("s-2"));
        Assert.True(await user.TryStartLive("s-2")); // the same session again takes no second slot

        await using var client = await HubClient.ConnectAsync(system, "quota-live");
        var third = await client.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => client.StartAsync());

        Assert.StartsWith($"{ErrorCodes.QuotaExceeded}:", refused.Message);
        await client.StopAsync(third.SessionId);
        await user.EndLive("s-1");
        var again = await client.StartAsync();
        Assert.NotEqual(third.SessionId, again.SessionId);
        await client.StopAsync(again.SessionId);
        await user.EndLive("s-2");
    }

    [Fact]
    public async Task Uploads_beyond_the_storage_quota_are_refused_with_413()
    {
        var api = await ApiClient.ForAsync(system, "quota-bytes");
        var id = await api.CreateRecordingAsync();
        Assert.True(await system.Cluster.GetGrain<IUserGrain>("quota-bytes").TryReserveBytes("elsewhere", 5L * 1024 * 1024 * 1024 - 1000));

        var small = await api.PresignAsync(id, 0, 900, 0, 5000);
        var tooMuch = await api.PresignAsync(id, 1, 200, 5000, 10000);

        Assert.Equal(HttpStatusCode.OK, small.Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMuch.Status);
        Assert.Equal(ErrorCodes.QuotaExceeded, tooMuch.Code);
    }
}
