namespace Hybrid.Providers.DynamoDB.Shared;

/// <summary>
/// Connection settings plus how a silo-side provider creates its table when the table is missing.
/// </summary>
/// <remarks>
/// Creation is idempotent and safe to race: several silos starting together all try, one wins, and all wait
/// until the table is <c>ACTIVE</c>. An existing table is never modified except for enabling TTL where the
/// provider needs it; its key schema is checked and a mismatch fails start-up.
/// </remarks>
public abstract class DynamoDBTableOptions : DynamoDBConnectionOptions
{
    /// <summary>Create the table if it does not exist. Default: <see langword="true"/>. When false, a missing table fails start-up.</summary>
    public bool CreateIfNotExists { get; set; } = true;

    /// <summary>Create the table with on-demand (PAY_PER_REQUEST) billing. Default: <see langword="true"/>; when false, provisioned throughput is used.</summary>
    public bool UsePayPerRequest { get; set; } = true;

    /// <summary>Read capacity units of a created table when <see cref="UsePayPerRequest"/> is false. Default: 10.</summary>
    public int ReadCapacityUnits { get; set; } = 10;

    /// <summary>Write capacity units of a created table when <see cref="UsePayPerRequest"/> is false. Default: 5.</summary>
    public int WriteCapacityUnits { get; set; } = 5;

    internal override void Validate(List<string> errors)
    {
        base.Validate(errors);
        if (!UsePayPerRequest && (ReadCapacityUnits <= 0 || WriteCapacityUnits <= 0))
        {
            errors.Add($"{nameof(ReadCapacityUnits)} and {nameof(WriteCapacityUnits)} must be positive when {nameof(UsePayPerRequest)} is false.");
        }
    }
}
