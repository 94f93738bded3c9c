using Hybrid.Providers.DynamoDB.Shared;

namespace Hybrid.Providers.DynamoDB.Membership;

/// <summary>
/// Options of the client-side gateway list (<see cref="DynamoDBGatewayListProvider"/>): where to read the
/// membership table the silos write. Clients never create or change the table.
/// </summary>
public sealed class DynamoDBGatewayOptions : DynamoDBConnectionOptions
{
    /// <summary>The table name without prefix. Default: <c>membership</c>, as in <see cref="DynamoDBClusteringOptions"/>.</summary>
    public override string TableName { get; set; } = DynamoDBClusteringOptions.DefaultTableName;
}
