namespace Hybrid.Gateway.Orleans;

/// <summary>How the gateway finds the cluster (section <c>Orleans</c>).</summary>
public sealed class GatewayClusterOptions
{
    public const string SectionName = "Orleans";

    /// <summary><c>Localhost</c> (embedded default), <c>DynamoDB</c> or <c>Redis</c>; read from <c>Hybrid:Clustering</c>.</summary>
    public string Clustering { get; set; } = "Localhost";

    /// <summary>Orleans ServiceId; unset, <c>hybrid</c>.</summary>
    public string? ServiceId { get; set; }

    /// <summary>Orleans ClusterId; unset on a local cluster, the shared data directory's own, so a gateway only joins its own instance; required with Redis/DynamoDB.</summary>
    public string? ClusterId { get; set; }

    /// <summary>Silo gateway ports on this machine for localhost clustering (empty: 30000).</summary>
    /// <remarks>No default elements: the configuration binder appends to an array's initial items.</remarks>
    public int[] GatewayPorts { get; set; } = [];

    /// <summary>The ports to use.</summary>
    public int[] EffectiveGatewayPorts => GatewayPorts.Length > 0 ? GatewayPorts : [30000];
}
