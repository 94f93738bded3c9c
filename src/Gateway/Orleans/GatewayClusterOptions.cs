namespace Hybrid.Gateway.Orleans;

/// <summary>How the gateway finds the cluster (section <c>Orleans</c>).</summary>
public sealed class GatewayClusterOptions
{
    public const string SectionName = "Orleans";

    /// <summary><c>Localhost</c> (embedded default) for now; DynamoDB and Redis come with scale-out.</summary>
    public string Clustering { get; set; } = "Localhost";

    public string ServiceId { get; set; } = "hybrid";

    public string ClusterId { get; set; } = "hybrid-dev";

    /// <summary>Silo gateway ports on this machine for localhost clustering.</summary>
    public int[] GatewayPorts { get; set; } = [30000];
}
