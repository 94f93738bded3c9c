using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Hybrid.Providers.DynamoDB.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Hybrid.Providers.DynamoDB.Persistence;

/// <summary>
/// Orleans grain storage on DynamoDB: one item per grain and state name, written with conditional
/// single-item operations (optimistic concurrency on an <c>ETag</c> counter).
/// </summary>
/// <remarks>
/// <para>
/// Table: HASH <c>PartitionKey</c> (S) = <c>{ServiceId}/{GrainId}</c>, RANGE <c>StateName</c> (S). Attributes:
/// <c>State</c> (B, bytes from the configured <see cref="IGrainStorageSerializer"/>), <c>ETag</c> (N),
/// <c>ExpiresAt</c> (N, epoch seconds, only with <see cref="DynamoDBGrainStorageOptions.TimeToLive"/>).
/// </para>
/// <list type="bullet">
/// <item><description><b>Read</b>: consistent <c>GetItem</c>. No item, an item without <c>State</c> (cleared) or an
/// expired item gives a new state instance with <c>RecordExists = false</c>; <c>ETag</c> is the stored etag when
/// an item exists, else null.</description></item>
/// <item><description><b>Write</b>: <c>PutItem</c> conditioned on <c>attribute_not_exists</c> when the grain has no etag,
/// else on <c>ETag = :etag</c>; the new etag is the old one + 1 (a new item starts at a random value, so an
/// etag held from before a delete never matches the re-created item). A failed condition throws
/// <see cref="InconsistentStateException"/> carrying the stored and the grain's etag.</description></item>
/// <item><description><b>Clear</b>: a guarded <c>DeleteItem</c>, or with <see cref="DynamoDBGrainStorageOptions.DeleteStateOnClear"/>
/// false a guarded <c>PutItem</c> without <c>State</c> and with a new etag.</description></item>
/// <item><description>Items larger than <see cref="DynamoDBGrainStorageOptions.MaxItemBytes"/> are refused before any
/// request; keep bulky data in blob storage. Every other DynamoDB error is thrown, never hidden.</description></item>
/// </list>
/// </remarks>
public sealed partial class DynamoDBGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    internal const string PartitionKeyAttribute = "PartitionKey";
    internal const string StateNameAttribute = "StateName";
    internal const string StateAttribute = "State";
    internal const string ETagAttribute = "ETag";
    internal const string ExpiresAtAttribute = "ExpiresAt";

    // DynamoDB key limits (bytes, UTF-8).
    private const int MaxPartitionKeyBytes = 2048;
    private const int MaxSortKeyBytes = 1024;

    private readonly string _name;
    private readonly DynamoDBGrainStorageOptions _options;
    private readonly string _serviceId;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IAmazonDynamoDB _client;

    /// <summary>Creates the provider; the table is created or checked when the silo reaches <see cref="DynamoDBGrainStorageOptions.InitStage"/>.</summary>
    public DynamoDBGrainStorage(
        string name,
        DynamoDBGrainStorageOptions options,
        IOptions<ClusterOptions> clusterOptions,
        IActivatorProvider activatorProvider,
        ILogger<DynamoDBGrainStorage> logger,
        TimeProvider? timeProvider = null)
    {
        _name = name;
        _options = options;
        _serviceId = clusterOptions.Value.ServiceId;
        _activatorProvider = activatorProvider;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _client = DynamoDBClientFactory.Create(options);
    }

    private string TableName => _options.FullTableName;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<DynamoDBGrainStorage>(_name), _options.InitStage, InitializeAsync);

    /// <summary>Creates or checks the table (and its TTL setting). Called from the silo lifecycle.</summary>
    internal async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var table = new DynamoDBTableDefinition(
            TableName,
            PartitionKeyAttribute,
            StateNameAttribute,
            _options.TimeToLive is null ? null : ExpiresAtAttribute);
        await DynamoDBTables.EnsureTableAsync(_client, table, _options, _logger, cancellationToken);
        LogInitialized(_logger, _name, TableName);
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var response = await _client.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = Key(grainId, stateName), ConsistentRead = true },
            cancellationToken);
        if (response.Item is not { Count: > 0 } item)
        {
            Reset(grainState, etag: null);
            return;
        }

        // Every item this provider writes has an ETag; one without could never be written again, so say so.
        var etag = item.TryGetValue(ETagAttribute, out var storedEtag) && storedEtag.N is not null
            ? storedEtag.N
            : throw new InvalidDataException($"DynamoDB item of state '{stateName}' of grain {grainId} in table {TableName} has no numeric ETag attribute.");
        if (IsExpired(item))
        {
            // DynamoDB deletes expired items lazily (often days later): honour the TTL on read, but keep the
            // etag so the next write replaces the leftover item instead of failing on attribute_not_exists.
            LogExpiredOnRead(_logger, grainId, stateName);
            Reset(grainState, etag);
            return;
        }

        if (!item.TryGetValue(StateAttribute, out var state) || state.B is null)
        {
            Reset(grainState, etag);
            return;
        }

        grainState.State = Deserialize<T>(state.B) ?? CreateInstance<T>();
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = Key(grainId, stateName);
        var newEtag = NextEtag(grainState.ETag, grainId, stateName);
        var item = NewItem(key, newEtag);
        item[StateAttribute] = new AttributeValue { B = ToStream(_options.GrainStorageSerializer.Serialize(grainState.State)) };

        var size = DynamoDBItemSize.Of(item);
        if (size > DynamoDBGrainStorageOptions.MaxItemBytes)
        {
            LogTooLarge(_logger, grainId, stateName, size);
            throw new ArgumentOutOfRangeException(
                nameof(grainState),
                size,
                $"State '{stateName}' of grain {grainId} makes a {size:N0}-byte DynamoDB item; provider '{_name}' writes at most " +
                $"{DynamoDBGrainStorageOptions.MaxItemBytes:N0} bytes (DynamoDB's item limit is 400 KB). Keep large data in blob storage and store a reference.");
        }

        await PutGuardedAsync(item, grainState.ETag, grainId, stateName, "write", cancellationToken);
        grainState.ETag = newEtag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = Key(grainId, stateName);
        if (_options.DeleteStateOnClear)
        {
            if (grainState.ETag is { } etag)
            {
                // Refuse a foreign etag here rather than send DynamoDB a malformed number.
                _ = ParseEtag(etag, grainId, stateName);
            }

            var (condition, names, values) = Guard(grainState.ETag);
            var request = new DeleteItemRequest
            {
                TableName = TableName,
                Key = key,
                ConditionExpression = condition,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            };
            try
            {
                await _client.DeleteItemAsync(request, cancellationToken);
            }
            catch (ConditionalCheckFailedException exception)
            {
                throw await InconsistentAsync(key, grainState.ETag, grainId, stateName, "clear", exception, cancellationToken);
            }

            Reset(grainState, etag: null);
            return;
        }

        // Keep the item, drop the state: the etag sequence continues and ExpiresAt is refreshed.
        var newEtag = NextEtag(grainState.ETag, grainId, stateName);
        await PutGuardedAsync(NewItem(key, newEtag), grainState.ETag, grainId, stateName, "clear", cancellationToken);
        Reset(grainState, newEtag);
    }

    /// <summary>Disposes the DynamoDB client.</summary>
    public void Dispose() => _client.Dispose();

    private Dictionary<string, AttributeValue> Key(GrainId grainId, string stateName)
    {
        var partitionKey = $"{_serviceId}/{grainId}";
        if (Encoding.UTF8.GetByteCount(partitionKey) > MaxPartitionKeyBytes)
        {
            throw new ArgumentException($"Partition key for grain {grainId} is longer than DynamoDB's {MaxPartitionKeyBytes} bytes.", nameof(grainId));
        }

        if (string.IsNullOrEmpty(stateName) || Encoding.UTF8.GetByteCount(stateName) > MaxSortKeyBytes)
        {
            throw new ArgumentException($"State name must be 1-{MaxSortKeyBytes} bytes.", nameof(stateName));
        }

        return new()
        {
            [PartitionKeyAttribute] = new AttributeValue { S = partitionKey },
            [StateNameAttribute] = new AttributeValue { S = stateName },
        };
    }

    private Dictionary<string, AttributeValue> NewItem(Dictionary<string, AttributeValue> key, string etag)
    {
        var item = new Dictionary<string, AttributeValue>(key) { [ETagAttribute] = new AttributeValue { N = etag } };
        if (_options.TimeToLive is { } ttl)
        {
            var expiresAt = (_time.GetUtcNow() + ttl).ToUnixTimeSeconds();
            item[ExpiresAtAttribute] = new AttributeValue { N = expiresAt.ToString(CultureInfo.InvariantCulture) };
        }

        return item;
    }

    private async Task PutGuardedAsync(
        Dictionary<string, AttributeValue> item, string? expectedEtag, GrainId grainId, string stateName, string operation, CancellationToken cancellationToken)
    {
        var (condition, names, values) = Guard(expectedEtag);
        var request = new PutItemRequest
        {
            TableName = TableName,
            Item = item,
            ConditionExpression = condition,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
        try
        {
            await _client.PutItemAsync(request, cancellationToken);
        }
        catch (ConditionalCheckFailedException exception)
        {
            throw await InconsistentAsync(
                new Dictionary<string, AttributeValue> { [PartitionKeyAttribute] = item[PartitionKeyAttribute], [StateNameAttribute] = item[StateNameAttribute] },
                expectedEtag, grainId, stateName, operation, exception, cancellationToken);
        }
    }

    /// <summary>"Nothing stored" when the grain holds no etag, else "stored etag equals the grain's".</summary>
    private static (string Condition, Dictionary<string, string> Names, Dictionary<string, AttributeValue>? Values) Guard(string? expectedEtag) =>
        expectedEtag is null
            ? ("attribute_not_exists(#pk)", new() { ["#pk"] = PartitionKeyAttribute }, null)
            : ("#etag = :etag", new() { ["#etag"] = ETagAttribute }, new() { [":etag"] = new AttributeValue { N = expectedEtag } });

    private string NextEtag(string? current, GrainId grainId, string stateName)
    {
        if (current is null)
        {
            // A new item starts at a random counter value (below 2^53, exact in JSON clients) so that an etag
            // remembered from before a delete cannot match the re-created item (no ABA).
            return Random.Shared.NextInt64(1, 1L << 53).ToString(CultureInfo.InvariantCulture);
        }

        return (ParseEtag(current, grainId, stateName) + 1).ToString(CultureInfo.InvariantCulture);
    }

    private long ParseEtag(string etag, GrainId grainId, string stateName) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InconsistentStateException(
                $"ETag '{etag}' of state '{stateName}' of grain {grainId} was not issued by DynamoDB storage '{_name}'.", storedEtag: "unknown", currentEtag: etag);

    private async Task<InconsistentStateException> InconsistentAsync(
        Dictionary<string, AttributeValue> key, string? expectedEtag, GrainId grainId, string stateName, string operation, Exception inner, CancellationToken cancellationToken)
    {
        var stored = await TryReadStoredEtagAsync(key, cancellationToken);
        LogConflict(_logger, operation, grainId, stateName, stored ?? "none", expectedEtag ?? "none");
        return new InconsistentStateException(
            $"DynamoDB storage '{_name}': {operation} of state '{stateName}' of grain {grainId} lost a race: stored etag {stored ?? "none"}, grain's etag {expectedEtag ?? "none"}.",
            stored ?? "none",
            expectedEtag ?? "none",
            inner);
    }

    private async Task<string?> TryReadStoredEtagAsync(Dictionary<string, AttributeValue> key, CancellationToken cancellationToken)
    {
        // Only to make the exception informative; the conflict itself is already certain.
        try
        {
            var response = await _client.GetItemAsync(
                new GetItemRequest
                {
                    TableName = TableName,
                    Key = key,
                    ConsistentRead = true,
                    ProjectionExpression = "#etag",
                    ExpressionAttributeNames = new() { ["#etag"] = ETagAttribute },
                },
                cancellationToken);
            return response.Item is { Count: > 0 } item && item.TryGetValue(ETagAttribute, out var etag) ? etag.N : null;
        }
        catch (AmazonDynamoDBException exception)
        {
            LogEtagLookupFailed(_logger, exception);
            return "unknown";
        }
    }

    private bool IsExpired(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(ExpiresAtAttribute, out var expiresAt)
        && long.TryParse(expiresAt.N, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
        && seconds <= _time.GetUtcNow().ToUnixTimeSeconds();

    private void Reset<T>(IGrainState<T> grainState, string? etag)
    {
        grainState.State = CreateInstance<T>();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    private T CreateInstance<T>() => _activatorProvider.GetActivator<T>().Create();

    private T? Deserialize<T>(MemoryStream bytes)
    {
        var data = bytes.TryGetBuffer(out var buffer)
            ? new BinaryData(buffer.AsMemory())
            : new BinaryData(bytes.ToArray());
        return _options.GrainStorageSerializer.Deserialize<T>(data);
    }

    private static MemoryStream ToStream(BinaryData data) =>
        MemoryMarshal.TryGetArray(data.ToMemory(), out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false, publiclyVisible: true)
            : new MemoryStream(data.ToArray(), writable: false);

    [LoggerMessage(Level = LogLevel.Information, Message = "DynamoDB grain storage {Name} ready on table {TableName}")]
    private static partial void LogInitialized(ILogger logger, string name, string tableName);

    [LoggerMessage(Level = LogLevel.Debug, Message = "State {StateName} of grain {GrainId} has expired (TTL); read as absent")]
    private static partial void LogExpiredOnRead(ILogger logger, GrainId grainId, string stateName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Size}-byte state {StateName} of grain {GrainId}: over the DynamoDB item limit")]
    private static partial void LogTooLarge(ILogger logger, GrainId grainId, string stateName, int size);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Etag conflict on {Operation} of state {StateName} of grain {GrainId}: stored {StoredEtag}, grain {CurrentEtag}")]
    private static partial void LogConflict(ILogger logger, string operation, GrainId grainId, string stateName, string storedEtag, string currentEtag);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the stored etag after a conflict")]
    private static partial void LogEtagLookupFailed(ILogger logger, Exception exception);
}
