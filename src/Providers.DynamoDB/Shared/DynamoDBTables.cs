using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;

namespace Hybrid.Providers.DynamoDB.Shared;

/// <summary>
/// Makes sure a provider's table exists: create it if missing and allowed, wait until it is ACTIVE, check
/// its key schema, and enable TTL where the provider wants it.
/// </summary>
internal static partial class DynamoDBTables
{
    private static readonly TimeSpan ActiveTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(2);

    public static async Task EnsureTableAsync(
        IAmazonDynamoDB client,
        DynamoDBTableDefinition table,
        DynamoDBTableOptions options,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var description = await TryDescribeAsync(client, table.TableName, cancellationToken);
        if (description is null)
        {
            if (!options.CreateIfNotExists)
            {
                throw new InvalidOperationException(
                    $"DynamoDB table '{table.TableName}' does not exist and CreateIfNotExists is false. Create it (see docs/operations.md) or enable CreateIfNotExists.");
            }

            await CreateAsync(client, table, options, logger, cancellationToken);
        }

        description = await WaitUntilActiveAsync(client, table.TableName, cancellationToken);
        CheckKeySchema(description, table);

        if (table.TimeToLiveAttribute is not null)
        {
            await EnsureTimeToLiveAsync(client, table.TableName, table.TimeToLiveAttribute, logger, cancellationToken);
        }
    }

    /// <summary>Whether the table exists (in any status). Used by clients, which never create tables.</summary>
    public static async Task<bool> ExistsAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken) =>
        await TryDescribeAsync(client, tableName, cancellationToken) is not null;

    private static async Task<TableDescription?> TryDescribeAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken);
            return response.Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private static async Task CreateAsync(
        IAmazonDynamoDB client, DynamoDBTableDefinition table, DynamoDBTableOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var request = new CreateTableRequest
        {
            TableName = table.TableName,
            KeySchema = [new KeySchemaElement(table.HashKey, KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition(table.HashKey, ScalarAttributeType.S)],
        };
        if (table.RangeKey is not null)
        {
            request.KeySchema.Add(new KeySchemaElement(table.RangeKey, KeyType.RANGE));
            request.AttributeDefinitions.Add(new AttributeDefinition(table.RangeKey, ScalarAttributeType.S));
        }

        if (options.UsePayPerRequest)
        {
            request.BillingMode = BillingMode.PAY_PER_REQUEST;
        }
        else
        {
            request.BillingMode = BillingMode.PROVISIONED;
            request.ProvisionedThroughput = new ProvisionedThroughput(options.ReadCapacityUnits, options.WriteCapacityUnits);
        }

        try
        {
            await client.CreateTableAsync(request, cancellationToken);
            LogTableCreated(logger, table.TableName, request.BillingMode.Value);
        }
        catch (ResourceInUseException)
        {
            // Another silo won the race; waiting for ACTIVE below covers both cases.
            LogTableCreatedElsewhere(logger, table.TableName);
        }
    }

    private static async Task<TableDescription> WaitUntilActiveAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        // Polling a remote status is the only way to learn it; the delay grows so a slow AWS creation
        // (tens of seconds) costs few calls while dynalite (instant with --createTableMs 0) costs none.
        var deadline = DateTime.UtcNow + ActiveTimeout;
        var delay = FirstPoll;
        while (true)
        {
            var description = await TryDescribeAsync(client, tableName, cancellationToken)
                ?? throw new InvalidOperationException($"DynamoDB table '{tableName}' disappeared while waiting for it to become ACTIVE.");
            if (description.TableStatus == TableStatus.ACTIVE)
            {
                return description;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"DynamoDB table '{tableName}' is still {description.TableStatus} after {ActiveTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPoll.Ticks));
        }
    }

    private static void CheckKeySchema(TableDescription description, DynamoDBTableDefinition table)
    {
        var keys = description.KeySchema ?? [];
        var hash = keys.FirstOrDefault(k => k.KeyType == KeyType.HASH)?.AttributeName;
        var range = keys.FirstOrDefault(k => k.KeyType == KeyType.RANGE)?.AttributeName;
        if (hash != table.HashKey || range != table.RangeKey)
        {
            throw new InvalidOperationException(
                $"DynamoDB table '{table.TableName}' has key schema (HASH {hash ?? "-"}, RANGE {range ?? "-"}) but this provider needs " +
                $"(HASH {table.HashKey}, RANGE {table.RangeKey ?? "-"}). Use another table name or prefix.");
        }
    }

    private static async Task EnsureTimeToLiveAsync(
        IAmazonDynamoDB client, string tableName, string attribute, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var current = await client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = tableName }, cancellationToken);
            var status = current.TimeToLiveDescription?.TimeToLiveStatus;
            var currentAttribute = current.TimeToLiveDescription?.AttributeName;
            if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING)
            {
                if (currentAttribute != attribute)
                {
                    LogTimeToLiveOnOtherAttribute(logger, tableName, currentAttribute ?? "?", attribute);
                }

                return;
            }

            await client.UpdateTimeToLiveAsync(
                new UpdateTimeToLiveRequest
                {
                    TableName = tableName,
                    TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = attribute, Enabled = true },
                },
                cancellationToken);
            LogTimeToLiveEnabled(logger, tableName, attribute);
        }
        catch (AmazonDynamoDBException exception)
        {
            // AWS allows one TTL change per hour and some local servers lack the API. Items still carry the
            // attribute, so TTL starts working once an operator enables it; start-up must not fail for it.
            // An expected condition, so the reason without a stack trace.
            LogTimeToLiveRefused(logger, tableName, attribute, exception.ErrorCode ?? exception.GetType().Name, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created DynamoDB table {TableName} ({BillingMode})")]
    private static partial void LogTableCreated(ILogger logger, string tableName, string billingMode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "DynamoDB table {TableName} is being created by another process; waiting for it")]
    private static partial void LogTableCreatedElsewhere(ILogger logger, string tableName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enabled TTL on DynamoDB table {TableName}, attribute {Attribute}")]
    private static partial void LogTimeToLiveEnabled(ILogger logger, string tableName, string attribute);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DynamoDB table {TableName} has TTL enabled on {CurrentAttribute}, not {Attribute}; expired items will not be removed automatically")]
    private static partial void LogTimeToLiveOnOtherAttribute(ILogger logger, string tableName, string currentAttribute, string attribute);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not enable TTL on DynamoDB table {TableName}, attribute {Attribute} ({ErrorCode}: {Reason}); continuing without automatic expiry")]
    private static partial void LogTimeToLiveRefused(ILogger logger, string tableName, string attribute, string errorCode, string reason);
}
