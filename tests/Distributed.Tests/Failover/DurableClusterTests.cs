using Hybrid.Distributed.Tests.Infrastructure;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.TestSupport;

namespace Hybrid.Distributed.Tests.Failover;

/// <summary>
/// The production providers on real wire protocols (DynamoDB via dynalite, Redis via redis-server):
/// a cluster clusters through them, and a session's state survives stopping the whole cluster and
/// starting a new one with an empty data folder (the blob store, S3 in production, outlives it).
/// </summary>
[Trait("Category", "Distributed")]
public sealed class DurableClusterTests(DynaliteFixture dynalite, RedisServerFixture redis)
    : IClassFixture<DynaliteFixture>, IClassFixture<RedisServerFixture>
{
    [Theory]
    [InlineData("DynamoDB")]
    [InlineData("Redis")]
    public async Task A_session_survives_a_full_restart_of_the_cluster(string backend)
    {
        var prefix = DynaliteFixture.UniquePrefix();
        // The blob store outlives the cluster as S3 does: a session's finals live in its segment log there.
        var blobs = Directory.CreateTempSubdirectory("hybrid-durable-blobs-").FullName;
        string[] backendSettings = backend == "DynamoDB"
            ? ["--Hybrid:Clustering=DynamoDB", "--Hybrid:GrainStorage=DynamoDB", $"--DynamoDB:ServiceUrl={dynalite.ServiceUrl}", $"--DynamoDB:TablePrefix={prefix}"]
            : ["--Hybrid:Clustering=Redis", "--Hybrid:GrainStorage=Redis", $"--Redis:ConnectionString={redis.ConnectionString}", $"--Orleans:ServiceId=svc-{prefix.TrimEnd('-')}"];
        string[] settings = [.. backendSettings, $"--Storage:LocalRoot={blobs}"];
        try
        {
            var (pcm, text, _) = await Speech.BuildAsync(Speech.Conversation[..2], "rms");
            string sessionId;
            SessionSnapshot before;

            await using (var first = await LocalCluster.StartAsync([2], settings, settings))
            {
                await using var client = await HubClient.ConnectAsync(first.BaseUri, await first.TokenAsync("mia"));
                var started = await client.StartAsync();
                sessionId = started.SessionId;
                await client.UploadAsync(sessionId, Frames.From(pcm));
                await client.StopAsync(sessionId);
                before = await first.Client.GetGrain<ISessionGrain>(sessionId).GetSnapshot("mia");
                Assert.NotEmpty(before.Finals);
            }

            await using var second = await LocalCluster.StartAsync([2], settings, settings);
            var after = await second.Client.GetGrain<ISessionGrain>(sessionId).GetSnapshot("mia");

            Assert.Equal("stopped", after.State);
            Assert.Equal(before.NextSeq, after.NextSeq);
            Assert.Equal(before.Finals.Select(f => f.Text), after.Finals.Select(f => f.Text));
            Assert.True(WordErrorRate.Compute(text, string.Join(' ', after.Finals.Select(f => f.Text))) <= 0.2);
        }
        finally
        {
            Directory.Delete(blobs, recursive: true);
        }
    }
}
