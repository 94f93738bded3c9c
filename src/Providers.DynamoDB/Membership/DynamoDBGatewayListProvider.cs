using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Hybrid.Providers.DynamoDB.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Hybrid.Providers.DynamoDB.Membership;

/// <summary>
/// Client-side gateway list read from the item that <see cref="DynamoDBMembershipTable"/> keeps for the cluster:
/// every <see cref="SiloStatus.Active"/> silo with a gateway (<c>ProxyPort &gt; 0</c>), as a gateway URI on that port.
/// </summary>
/// <remarks>
/// One consistent <c>GetItem</c> per refresh; Orleans refreshes every <see cref="GatewayOptions.GatewayListRefreshPeriod"/>
/// (<see cref="MaxStaleness"/>). A missing table or cluster item means "no gateways yet", not an error; DynamoDB
/// being unreachable is an error and is thrown.
/// </remarks>
public sealed partial class DynamoDBGatewayListProvider : IGatewayListProvider, IDisposable
{
    private readonly DynamoDBGatewayOptions _options;
    private readonly string _clusterKey;
    private readonly ILogger _logger;
    private readonly IAmazonDynamoDB _client;

    /// <summary>Creates the provider; no I/O happens until <see cref="InitializeGatewayListProviderAsync"/>.</summary>
    public DynamoDBGatewayListProvider(
        IOptions<DynamoDBGatewayOptions> options,
        IOptions<ClusterOptions> clusterOptions,
        IOptions<GatewayOptions> gatewayOptions,
        ILogger<DynamoDBGatewayListProvider> logger)
    {
        _options = options.Value;
        _clusterKey = MembershipItem.ClusterKeyOf(clusterOptions.Value.ServiceId, clusterOptions.Value.ClusterId);
        MaxStaleness = gatewayOptions.Value.GatewayListRefreshPeriod;
        _logger = logger;
        _client = DynamoDBClientFactory.Create(_options);
    }

    /// <inheritdoc />
    public TimeSpan MaxStaleness { get; }

    // Obsolete in Orleans 10 (every provider is treated as updatable) but still on the interface; ours is.
    bool IGatewayListProvider.IsUpdatable => true;

    /// <inheritdoc />
    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync(CancellationToken.None);

    /// <inheritdoc />
    public async Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken)
    {
        // Reach DynamoDB once so a wrong endpoint or credentials fail at start-up, not at the first refresh.
        if (!await DynamoDBTables.ExistsAsync(_client, _options.FullTableName, cancellationToken))
        {
            LogTableMissing(_logger, _options.FullTableName);
        }
    }

    /// <inheritdoc />
    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    /// <inheritdoc />
    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? item;
        try
        {
            var response = await _client.GetItemAsync(
                new GetItemRequest { TableName = _options.FullTableName, Key = MembershipItem.Key(_clusterKey), ConsistentRead = true },
                cancellationToken);
            item = response.Item;
        }
        catch (ResourceNotFoundException)
        {
            LogTableMissing(_logger, _options.FullTableName);
            return [];
        }

        var gateways = MembershipItem.Decode(item).Members
            .Select(m => m.Item1)
            .Where(e => e.Status == SiloStatus.Active && e.ProxyPort > 0)
            .Select(e => SiloAddress.New(new IPEndPoint(e.SiloAddress.Endpoint.Address, e.ProxyPort), e.SiloAddress.Generation).ToGatewayUri())
            .ToList();
        LogGateways(_logger, gateways.Count, _clusterKey);
        return gateways;
    }

    /// <summary>Disposes the DynamoDB client.</summary>
    public void Dispose() => _client.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "DynamoDB membership table {TableName} does not exist yet; no gateways until a silo creates it")]
    private static partial void LogTableMissing(ILogger logger, string tableName);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Found {Count} active gateways in cluster {ClusterKey}")]
    private static partial void LogGateways(ILogger logger, int count, string clusterKey);
}
