namespace Hybrid.Providers.DynamoDB.Shared;

/// <summary>
/// Where a provider finds DynamoDB and which table it uses. Shared by every DynamoDB provider in this
/// assembly; each provider's options derive from it.
/// </summary>
/// <remarks>
/// <para>
/// With <see cref="ServiceUrl"/> unset the provider talks to AWS: the region comes from
/// <see cref="Region"/> or the standard AWS settings (<c>AWS_REGION</c>, profile, instance metadata), and
/// credentials from the SDK's default chain (environment, profile, IAM role).
/// </para>
/// <para>
/// With <see cref="ServiceUrl"/> set (dynalite, DynamoDB Local, a proxy) the client targets that URL. Credentials
/// then come from <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c> when both are set and are otherwise
/// dummy values, which local servers accept.
/// </para>
/// </remarks>
public abstract class DynamoDBConnectionOptions
{
    /// <summary>The default <see cref="TablePrefix"/>.</summary>
    public const string DefaultTablePrefix = "hybrid-";

    /// <summary>An <c>http(s)://</c> endpoint to use instead of AWS, e.g. <c>http://127.0.0.1:4567</c>. Default: unset (AWS).</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The AWS region, e.g. <c>eu-west-1</c>. Default: unset (standard AWS region resolution; <c>us-east-1</c> for a <see cref="ServiceUrl"/>).</summary>
    public string? Region { get; set; }

    /// <summary>Prepended to <see cref="TableName"/>, so that several deployments can share one account. Default: <c>hybrid-</c>.</summary>
    public string TablePrefix { get; set; } = DefaultTablePrefix;

    /// <summary>The table name without <see cref="TablePrefix"/>.</summary>
    public abstract string TableName { get; set; }

    /// <summary>The table name actually used: <see cref="TablePrefix"/> followed by <see cref="TableName"/>.</summary>
    public string FullTableName => (TablePrefix ?? string.Empty) + TableName;

    /// <summary>Adds a message for every invalid setting to <paramref name="errors"/>.</summary>
    internal virtual void Validate(List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(ServiceUrl)
            && (!Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"{nameof(ServiceUrl)} '{ServiceUrl}' is not an absolute http:// or https:// URL.");
        }

        if (Region is not null && string.IsNullOrWhiteSpace(Region))
        {
            errors.Add($"{nameof(Region)} is blank; leave it unset to use the standard AWS region settings.");
        }

        // DynamoDB's own rule: 3 to 255 characters of a-z, A-Z, 0-9, '_', '-', '.'.
        var name = FullTableName;
        if (string.IsNullOrEmpty(TableName))
        {
            errors.Add($"{nameof(TableName)} is empty.");
        }
        else if (name.Length is < 3 or > 255 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            errors.Add($"Table name '{name}' ({nameof(TablePrefix)} + {nameof(TableName)}) must be 3-255 characters of letters, digits, '_', '-' or '.'.");
        }
    }

    /// <summary>Reads <c>{section}:ServiceUrl</c>, <c>:Region</c> and <c>:TablePrefix</c> (the hosts' <c>DynamoDB</c> section).</summary>
    public void ReadFrom(Microsoft.Extensions.Configuration.IConfiguration configuration, string section = "DynamoDB")
    {
        ServiceUrl = configuration[$"{section}:ServiceUrl"];
        Region = configuration[$"{section}:Region"];
        TablePrefix = configuration[$"{section}:TablePrefix"] ?? TablePrefix;
    }
}
