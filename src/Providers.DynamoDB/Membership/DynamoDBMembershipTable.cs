using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Hybrid.Providers.DynamoDB.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Hybrid.Providers.DynamoDB.Membership;

/// <summary>
/// Orleans membership table on DynamoDB that keeps a whole cluster in <b>one item</b> and changes it only with
/// single-item conditional writes, so it needs no DynamoDB transactions (and runs on dynalite as on AWS).
/// </summary>
/// <remarks>
/// <para>
/// Layout: see <see cref="MembershipItem"/>. Table: HASH <c>ClusterKey</c> (S) = <c>{ServiceId}/{ClusterId}</c>.
/// </para>
/// <para>How the <see cref="IMembershipTable"/> contract is met:</para>
/// <list type="bullet">
/// <item><description><b>ReadAll/ReadRow</b> are one consistent <c>GetItem</c>: rows and table version come from the same item, so they are atomic by construction.</description></item>
/// <item><description><b>InsertRow/UpdateRow</b> are one <c>UpdateItem</c> that writes the row and the new version, guarded by
/// <c>VersionEtag = :expected</c> (compare-and-set on the item's version attribute) plus "row absent" (insert) or
/// "row ETag = :etag" (update). DynamoDB evaluates the guard and applies the change atomically; a failed guard
/// returns <see langword="false"/>, never an exception. The row is sent whole; the rest of the item is computed
/// server-side, so the write never carries a stale copy of other silos' rows.</description></item>
/// <item><description><b>UpdateIAmAlive</b> sets only the row's <c>IAmAliveTime</c> (guarded by "row exists"). It touches neither
/// <c>VersionEtag</c> nor the row ETag, so heartbeats never invalidate etags other silos hold and never conflict
/// with each other: there is no compare-and-set to retry.</description></item>
/// <item><description><b>CleanupDefunctSiloEntries</b> removes rows that are not Active and whose last update
/// (heartbeat, start or suspicion vote) is before the cut-off, each removal guarded by the row ETag it was read with.</description></item>
/// <item><description>DynamoDB errors other than a failed guard (unreachable, throttled after SDK retries, item over 400 KB) are thrown: nothing is reported as done unless DynamoDB committed it.</description></item>
/// </list>
/// <para>
/// Size (DynamoDB counts names and values; see MembershipItemSizeTests): a typical row is ~270 bytes and a
/// worst-case row (63-character host, silo and role names, three suspicion votes) ~620 bytes, so the 400 KB item
/// holds ~1,400 typical or ~640 worst-case silos. Dead rows count until CleanupDefunctSiloEntries removes them.
/// A warning is logged when a read finds the item above 300 KB. Every write is billed on the whole item
/// (1 WCU per started KB), so heartbeat cost grows with the square of the silo count.
/// </para>
/// </remarks>
public sealed partial class DynamoDBMembershipTable : IMembershipTable, IDisposable
{
    // UpdateItem expressions are limited to 4 KB; ~40 characters per removed row keeps a batch well inside.
    private const int CleanupBatchSize = 50;
    private const int CleanupAttempts = 3;
    private const int SizeWarningBytes = 300 * 1024;

    private readonly DynamoDBClusteringOptions _options;
    private readonly string _serviceId;
    private readonly string _clusterKey;
    private readonly ILogger _logger;
    private readonly IAmazonDynamoDB _client;

    /// <summary>Creates the table provider; no I/O happens until <see cref="InitializeMembershipTableAsync"/>.</summary>
    public DynamoDBMembershipTable(
        IOptions<DynamoDBClusteringOptions> options,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<DynamoDBMembershipTable> logger)
    {
        _options = options.Value;
        _serviceId = clusterOptions.Value.ServiceId;
        _clusterKey = MembershipItem.ClusterKeyOf(_serviceId, clusterOptions.Value.ClusterId);
        _logger = logger;
        _client = DynamoDBClientFactory.Create(_options);
    }

    private string TableName => _options.FullTableName;

    /// <inheritdoc />
    Task IMembershipTable.InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    /// <inheritdoc />
    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        var table = new DynamoDBTableDefinition(TableName, MembershipItem.ClusterKey, RangeKey: null, TimeToLiveAttribute: null);
        await DynamoDBTables.EnsureTableAsync(_client, table, _options, _logger, cancellationToken);
        if (tryInitTableVersion)
        {
            await EnsureClusterItemAsync(cancellationToken);
        }

        LogInitialized(_logger, TableName, _clusterKey);
    }

    /// <inheritdoc />
    Task IMembershipTable.DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    /// <inheritdoc />
    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        var clusterKey = MembershipItem.ClusterKeyOf(_serviceId, clusterId);
        await _client.DeleteItemAsync(new DeleteItemRequest { TableName = TableName, Key = MembershipItem.Key(clusterKey) }, cancellationToken);
        LogClusterDeleted(_logger, clusterKey);
    }

    /// <inheritdoc />
    Task IMembershipTable.CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    /// <inheritdoc />
    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        var cutoff = beforeDate.UtcDateTime;
        for (var attempt = 1; attempt <= CleanupAttempts; attempt++)
        {
            var item = await ReadItemAsync(cancellationToken);
            if (item is null || !item.TryGetValue(MembershipItem.Silos, out var silos) || !silos.IsMSet)
            {
                return;
            }

            var defunct = new List<(string SiloKey, long ETag)>();
            foreach (var (siloKey, row) in silos.M)
            {
                var (entry, etag) = MembershipItem.DecodeRow(siloKey, row);
                if (entry.Status != SiloStatus.Active && MembershipItem.LastUpdate(entry) < cutoff)
                {
                    defunct.Add((siloKey, etag));
                }
            }

            var conflicted = false;
            foreach (var batch in defunct.Chunk(CleanupBatchSize))
            {
                if (await TryRemoveRowsAsync(batch, cancellationToken))
                {
                    LogDefunctRemoved(_logger, batch.Length, _clusterKey, cutoff);
                }
                else
                {
                    conflicted = true;
                }
            }

            if (!conflicted)
            {
                return;
            }
        }

        // Cleanup is periodic housekeeping: leftovers go next round rather than failing the caller.
        LogCleanupConflicts(_logger, _clusterKey, CleanupAttempts);
    }

    /// <inheritdoc />
    Task<MembershipTableData> IMembershipTable.ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    /// <inheritdoc />
    public async Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken)
    {
        var siloKey = MembershipItem.SiloKey(key);
        return MembershipItem.Decode(await ReadItemAsync(cancellationToken), k => k == siloKey);
    }

    /// <inheritdoc />
    Task<MembershipTableData> IMembershipTable.ReadAll() => ReadAllAsync(CancellationToken.None);

    /// <inheritdoc />
    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) =>
        MembershipItem.Decode(await ReadItemAsync(cancellationToken));

    /// <inheritdoc />
    Task<bool> IMembershipTable.InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    /// <inheritdoc />
    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        if (!MembershipItem.TryParseEtag(tableVersion.VersionEtag, out var expectedVersionEtag))
        {
            LogForeignEtag(_logger, "table version", tableVersion.VersionEtag);
            return false;
        }

        if (expectedVersionEtag == 0)
        {
            // Etag 0 is what an absent item reads as (never initialised, or deleted): create it so the guarded
            // update below has something to compare with. A no-op when the item exists.
            await EnsureClusterItemAsync(cancellationToken);
        }

        var request = VersionedWrite(entry, MembershipItem.EncodeRow(entry, etag: 0), tableVersion, expectedVersionEtag);
        request.ConditionExpression = "#vetag = :expectedVetag AND attribute_not_exists(#silos.#silo)";
        return await TryConditionalUpdateAsync(request, "InsertRow", entry.SiloAddress, cancellationToken);
    }

    /// <inheritdoc />
    Task<bool> IMembershipTable.UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) =>
        UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    /// <inheritdoc />
    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        if (!MembershipItem.TryParseEtag(tableVersion.VersionEtag, out var expectedVersionEtag))
        {
            LogForeignEtag(_logger, "table version", tableVersion.VersionEtag);
            return false;
        }

        if (!MembershipItem.TryParseEtag(etag, out var expectedRowEtag))
        {
            LogForeignEtag(_logger, "row", etag);
            return false;
        }

        var request = VersionedWrite(entry, MembershipItem.EncodeRow(entry, expectedRowEtag + 1), tableVersion, expectedVersionEtag);
        request.ConditionExpression = "#vetag = :expectedVetag AND #silos.#silo.#etag = :expectedEtag";
        request.ExpressionAttributeNames["#etag"] = MembershipItem.ETag;
        request.ExpressionAttributeValues[":expectedEtag"] = MembershipItem.Number(expectedRowEtag);
        return await TryConditionalUpdateAsync(request, "UpdateRow", entry.SiloAddress, cancellationToken);
    }

    /// <inheritdoc />
    Task IMembershipTable.UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    /// <inheritdoc />
    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var request = new UpdateItemRequest
        {
            TableName = TableName,
            Key = MembershipItem.Key(_clusterKey),
            UpdateExpression = "SET #silos.#silo.#alive = :alive",
            ConditionExpression = "attribute_exists(#silos.#silo)",
            ExpressionAttributeNames = new()
            {
                ["#silos"] = MembershipItem.Silos,
                ["#silo"] = MembershipItem.SiloKey(entry.SiloAddress),
                ["#alive"] = MembershipItem.IAmAliveTime,
            },
            ExpressionAttributeValues = new() { [":alive"] = MembershipItem.Time(entry.IAmAliveTime) },
        };
        try
        {
            await _client.UpdateItemAsync(request, cancellationToken);
        }
        catch (ConditionalCheckFailedException exception)
        {
            // Not a race (heartbeats are not compare-and-set): the row is gone. Say so instead of pretending.
            throw new InvalidOperationException(
                $"Silo {entry.SiloAddress} has no row in membership {_clusterKey} (table {TableName}); IAmAlive was not recorded.", exception);
        }
    }

    /// <summary>Disposes the DynamoDB client.</summary>
    public void Dispose() => _client.Dispose();

    private UpdateItemRequest VersionedWrite(MembershipEntry entry, AttributeValue row, TableVersion tableVersion, long expectedVersionEtag) => new()
    {
        TableName = TableName,
        Key = MembershipItem.Key(_clusterKey),
        UpdateExpression = "SET #silos.#silo = :row, #version = :version, #vetag = :newVetag",
        ExpressionAttributeNames = new()
        {
            ["#silos"] = MembershipItem.Silos,
            ["#silo"] = MembershipItem.SiloKey(entry.SiloAddress),
            ["#version"] = MembershipItem.Version,
            ["#vetag"] = MembershipItem.VersionEtag,
        },
        ExpressionAttributeValues = new()
        {
            [":row"] = row,
            [":version"] = MembershipItem.Number(tableVersion.Version),
            [":newVetag"] = MembershipItem.Number(expectedVersionEtag + 1),
            [":expectedVetag"] = MembershipItem.Number(expectedVersionEtag),
        },
    };

    private async Task<bool> TryConditionalUpdateAsync(UpdateItemRequest request, string operation, SiloAddress silo, CancellationToken cancellationToken)
    {
        try
        {
            await _client.UpdateItemAsync(request, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            // The contract's "false": someone else changed the version or the row first; Orleans re-reads.
            LogConflict(_logger, operation, silo, _clusterKey);
            return false;
        }
    }

    private async Task<bool> TryRemoveRowsAsync(IReadOnlyList<(string SiloKey, long ETag)> rows, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string> { ["#silos"] = MembershipItem.Silos, ["#etag"] = MembershipItem.ETag };
        var values = new Dictionary<string, AttributeValue>();
        var removals = new List<string>();
        var guards = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            names[$"#s{i}"] = rows[i].SiloKey;
            values[$":e{i}"] = MembershipItem.Number(rows[i].ETag);
            removals.Add($"#silos.#s{i}");
            guards.Add($"#silos.#s{i}.#etag = :e{i}");
        }

        try
        {
            await _client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = TableName,
                    Key = MembershipItem.Key(_clusterKey),
                    UpdateExpression = "REMOVE " + string.Join(", ", removals),
                    ConditionExpression = string.Join(" AND ", guards),
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                },
                cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private async Task EnsureClusterItemAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.PutItemAsync(
                new PutItemRequest
                {
                    TableName = TableName,
                    Item = MembershipItem.NewClusterItem(_clusterKey),
                    ConditionExpression = "attribute_not_exists(#key)",
                    ExpressionAttributeNames = new() { ["#key"] = MembershipItem.ClusterKey },
                },
                cancellationToken);
            LogClusterCreated(_logger, _clusterKey);
        }
        catch (ConditionalCheckFailedException)
        {
            // Already there (another silo, or an earlier start): exactly what we wanted.
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadItemAsync(CancellationToken cancellationToken)
    {
        var response = await _client.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = MembershipItem.Key(_clusterKey), ConsistentRead = true },
            cancellationToken);
        var item = response.Item is { Count: > 0 } found ? found : null;
        if (item is not null)
        {
            var size = MembershipItem.EstimateSize(item);
            if (size > SizeWarningBytes)
            {
                LogLargeItem(_logger, _clusterKey, size, DynamoDBItemSize.MaxItemBytes);
            }
        }

        return item;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DynamoDB membership table {TableName} ready for cluster {ClusterKey}")]
    private static partial void LogInitialized(ILogger logger, string tableName, string clusterKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created membership item for cluster {ClusterKey}")]
    private static partial void LogClusterCreated(ILogger logger, string clusterKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted membership of cluster {ClusterKey}")]
    private static partial void LogClusterDeleted(ILogger logger, string clusterKey);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Operation} for silo {Silo} in cluster {ClusterKey} lost a race (version or row etag changed)")]
    private static partial void LogConflict(ILogger logger, string operation, SiloAddress silo, string clusterKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Kind} etag '{Etag}': not issued by the DynamoDB membership table")]
    private static partial void LogForeignEtag(ILogger logger, string kind, string? etag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} defunct silo rows from cluster {ClusterKey} (last update before {Cutoff:O})")]
    private static partial void LogDefunctRemoved(ILogger logger, int count, string clusterKey, DateTime cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Defunct-silo cleanup of cluster {ClusterKey} kept conflicting with concurrent writes after {Attempts} attempts; will retry next round")]
    private static partial void LogCleanupConflicts(ILogger logger, string clusterKey, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Membership item of cluster {ClusterKey} is {Size} bytes (DynamoDB limit {Limit}); clean up dead silos or split clusters")]
    private static partial void LogLargeItem(ILogger logger, string clusterKey, int size, int limit);
}
