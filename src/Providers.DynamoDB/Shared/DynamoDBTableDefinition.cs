namespace Hybrid.Providers.DynamoDB.Shared;

/// <summary>The shape of a table a provider needs: string keys, and optionally a TTL attribute.</summary>
/// <param name="TableName">The full table name (prefix included).</param>
/// <param name="HashKey">Name of the partition (HASH) key attribute, type S.</param>
/// <param name="RangeKey">Name of the sort (RANGE) key attribute, type S, or null for a hash-only table.</param>
/// <param name="TimeToLiveAttribute">Attribute to enable DynamoDB TTL on, or null.</param>
internal sealed record DynamoDBTableDefinition(string TableName, string HashKey, string? RangeKey, string? TimeToLiveAttribute);
