using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Hybrid.Providers.DynamoDB.Shared;

/// <summary>Builds the SDK client described by <see cref="DynamoDBConnectionOptions"/>.</summary>
internal static class DynamoDBClientFactory
{
    // Local servers ignore signatures but the SDK still signs, so a region is always needed.
    private const string LocalDefaultRegion = "us-east-1";

    public static IAmazonDynamoDB Create(DynamoDBConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonDynamoDBConfig();

        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = FirstNonEmpty(
                options.Region,
                Environment.GetEnvironmentVariable("AWS_REGION"),
                Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION")) ?? LocalDefaultRegion;
            return new AmazonDynamoDBClient(LocalCredentials(), config);
        }

        if (!string.IsNullOrWhiteSpace(options.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        // No explicit credentials: the SDK's default chain (environment, profile, web identity, IAM role).
        return new AmazonDynamoDBClient(config);
    }

    private static AWSCredentials LocalCredentials()
    {
        // Prefer real keys when present (a proxy or VPC endpoint may check them); otherwise dummies, which
        // dynalite and DynamoDB Local accept. Never probe instance metadata here: off EC2 that only adds delay.
        var hasKeys = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EnvironmentVariablesAWSCredentials.ENVIRONMENT_VARIABLE_ACCESSKEY))
            && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EnvironmentVariablesAWSCredentials.ENVIRONMENT_VARIABLE_SECRETKEY));
        return hasKeys ? new EnvironmentVariablesAWSCredentials() : new BasicAWSCredentials("local", "local");
    }

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
