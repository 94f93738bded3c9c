namespace Hybrid.Gateway.Orleans;

/// <summary>How the gateway finds the cluster (section <c>Orleans</c>).</summary>
public sealed class GatewayClusterOptions
{
    public const string SectionName = "Orleans";

    /// <summary><c>Localhost</c> (embedded default), <c>DynamoDB</c> or <c>Redis</c>; read from <c>Hybrid:Clustering</c>.</summary>
    public string Clustering { get; set; } = "Localhost";

    public string ServiceId { get; set; } = "hybrid";

    public string ClusterId { get; set; } = "hybrid-dev";

    /// <summary>Silo gateway ports on this machine for localhost clustering (empty: 30000).</summary>
    /// <remarks>No default elements: the configuration binder appends to an array's initial items.</remarks>
    public int[] GatewayPorts { get; set; } = [];

    /// <summary>The ports to use.</summary>
    public int[] EffectiveGatewayPorts => GatewayPorts.Length > 0 ? GatewayPorts : [30000];
}
