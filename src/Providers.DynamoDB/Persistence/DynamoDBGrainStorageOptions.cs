using Hybrid.Providers.DynamoDB.Shared;
using Orleans;
using Orleans.Storage;

namespace Hybrid.Providers.DynamoDB.Persistence;

/// <summary>
/// Options of one named <see cref="DynamoDBGrainStorage"/> instance (<c>AddDynamoDBGrainStorage(name, ...)</c>).
/// </summary>
public sealed class DynamoDBGrainStorageOptions : DynamoDBTableOptions, IStorageProviderSerializerOptions
{
    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "grain-state";

    /// <summary>
    /// The largest item (serialized state plus keys and attribute names) the provider writes. DynamoDB refuses
    /// items over 400 KB; the margin keeps the refusal ours, with a clear message, rather than the service's.
    /// </summary>
    public const int MaxItemBytes = 390 * 1024;

    /// <summary>The table name without prefix. Default: <c>grain-state</c> (so <c>hybrid-grain-state</c>).</summary>
    public override string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// When set, every write stamps <c>ExpiresAt</c> = now + this value (epoch seconds) and the table gets DynamoDB TTL
    /// on that attribute, so state that stops being written (e.g. ended sessions) is deleted by DynamoDB. Reads treat
    /// an expired item as absent even before DynamoDB removes it. Default: unset (state never expires).
    /// </summary>
    public TimeSpan? TimeToLive { get; set; }

    /// <summary>
    /// What <c>ClearStateAsync</c> does: <see langword="true"/> (default) deletes the item (guarded by its etag);
    /// <see langword="false"/> keeps the item with no state and a new etag, which keeps the etag sequence going
    /// and refreshes <c>ExpiresAt</c>.
    /// </summary>
    public bool DeleteStateOnClear { get; set; } = true;

    /// <summary>
    /// Serializer for state bytes. Filled in automatically with the serializer registered under this provider's
    /// name, else the silo's default <see cref="IGrainStorageSerializer"/>; set it to override.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>Silo lifecycle stage at which the table is created or checked. Default: <see cref="ServiceLifecycleStage.ApplicationServices"/>.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    internal override void Validate(List<string> errors)
    {
        base.Validate(errors);
        if (TimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(TimeToLive)} must be positive when set.");
        }

        if (GrainStorageSerializer is null)
        {
            errors.Add($"{nameof(GrainStorageSerializer)} is not set and no default serializer is registered.");
        }
    }
}
