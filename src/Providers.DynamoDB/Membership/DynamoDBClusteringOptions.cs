using Hybrid.Providers.DynamoDB.Shared;

namespace Hybrid.Providers.DynamoDB.Membership;

/// <summary>
/// Options of the silo-side DynamoDB membership table (<see cref="DynamoDBMembershipTable"/>).
/// </summary>
/// <remarks>
/// The cluster is identified by <c>ClusterOptions.ServiceId</c> and <c>ClusterOptions.ClusterId</c>; one table
/// can hold many clusters (one item each). Clients read the same table through <see cref="DynamoDBGatewayOptions"/>,
/// so the two must name the same table.
/// </remarks>
public sealed class DynamoDBClusteringOptions : DynamoDBTableOptions
{
    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "membership";

    /// <summary>The table name without prefix. Default: <c>membership</c> (so <c>hybrid-membership</c>).</summary>
    public override string TableName { get; set; } = DefaultTableName;
}
