using Hybrid.Grains.Interfaces.Hosting;

namespace Hybrid.Distributed.Tests.Hosting;

/// <summary>Which ServiceId/ClusterId a silo or gateway runs with.</summary>
public sealed class ClusterIdentityTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hybrid-identity-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void A_data_folder_keeps_its_own_cluster_id_and_another_folder_gets_another()
    {
        var first = ClusterIdentity.Resolve(null, null, localCluster: true, Folder("a"));
        var again = ClusterIdentity.Resolve(null, null, localCluster: true, Folder("a"));
        var other = ClusterIdentity.Resolve(null, null, localCluster: true, Folder("b"));

        Assert.Equal(first, again);
        Assert.NotEqual(first.ClusterId, other.ClusterId);
        Assert.Equal(ClusterIdentity.DefaultServiceId, first.ServiceId);
        Assert.True(File.Exists(Path.Combine(Folder("a"), ClusterIdentity.FileName)));
    }

    [Fact]
    public async Task Processes_starting_together_on_one_folder_agree_on_one_cluster_id()
    {
        var folder = Folder("together");
        var ids = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => ClusterIdentity.Resolve(null, null, localCluster: true, folder).ClusterId)));

        Assert.Single(ids.Distinct());
    }

    [Fact]
    public void Configured_values_win_over_the_data_folder()
    {
        var identity = ClusterIdentity.Resolve("svc", "prod", localCluster: true, Folder("configured"));

        Assert.Equal(new ClusterIdentity("svc", "prod"), identity);
        Assert.False(File.Exists(Path.Combine(Folder("configured"), ClusterIdentity.FileName)));
    }

    [Fact]
    public void A_cluster_through_a_shared_store_must_name_its_cluster_id()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => ClusterIdentity.Resolve(null, null, localCluster: false, Folder("shared")));

        Assert.Contains("Orleans:ClusterId must be set", failure.Message);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was created.
        }
    }

    private string Folder(string name) => Path.Combine(_root, name);
}
