using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Hybrid.Storage.Hosting;

namespace Hybrid.Storage.S3;

/// <summary>Builds the <see cref="IAmazonS3"/> client the S3 store expects.</summary>
public static class S3ClientFactory
{
    /// <summary>
    /// A client for <paramref name="options"/>. Credentials come from the standard AWS chain
    /// (environment, profile, instance role) unless <paramref name="credentials"/> is given.
    /// </summary>
    public static IAmazonS3 Create(StorageOptions options, AWSCredentials? credentials = null) =>
        credentials is null ? new AmazonS3Client(CreateConfig(options)) : new AmazonS3Client(credentials, CreateConfig(options));

    /// <summary>The client configuration: endpoint, region, addressing and checksum modes.</summary>
    public static AmazonS3Config CreateConfig(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            // SDK v4 adds flexible checksums to every request by default; S3-compatible servers
            // (s3rver among them) reject or mis-store those, and real S3 does not need them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };

        if (!string.IsNullOrEmpty(options.ServiceUrl))
        {
            // ServiceURL and RegionEndpoint are exclusive in the SDK; the region still signs requests.
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
            config.ForcePathStyle = true;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
            config.ForcePathStyle = options.ForcePathStyle;
        }

        return config;
    }
}
