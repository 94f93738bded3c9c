using Hybrid.Storage.Keys;
using Microsoft.Extensions.Options;

namespace Hybrid.Storage.Hosting;

/// <summary>Checks <see cref="StorageOptions"/> at start, with messages that name the setting to fix.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private const long MaxMultipartObjectBytes = 5L * 1024 * 1024 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add("Storage:Provider must be Local or S3");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add("Storage:Region must not be empty");
        }

        if (options.MaxObjectBytes <= 0 || options.MaxObjectBytes > MaxMultipartObjectBytes)
        {
            failures.Add($"Storage:MaxObjectBytes must be between 1 and {MaxMultipartObjectBytes} (5 TiB), not {options.MaxObjectBytes}");
        }

        if (options.MultipartThresholdBytes < BlobArguments.MinPartBytes || options.MultipartThresholdBytes > BlobArguments.MaxSinglePutBytes)
        {
            failures.Add($"Storage:MultipartThresholdBytes must be between {BlobArguments.MinPartBytes} (5 MiB, S3's smallest part) and {BlobArguments.MaxSinglePutBytes} (5 GiB), not {options.MultipartThresholdBytes}");
        }

        if (options.Provider == BlobStoreProvider.S3)
        {
            if (string.IsNullOrWhiteSpace(options.Bucket))
            {
                failures.Add("Storage:Bucket is required when Storage:Provider=S3");
            }

            if (!string.IsNullOrEmpty(options.ServiceUrl) && !IsHttpUrl(options.ServiceUrl))
            {
                failures.Add($"Storage:ServiceUrl must be an absolute http(s) URL, not '{options.ServiceUrl}'");
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.LocalRoot))
            {
                failures.Add("Storage:LocalRoot must not be empty");
            }

            if (string.IsNullOrWhiteSpace(options.SigningKeyPath))
            {
                failures.Add("Storage:SigningKeyPath must not be empty");
            }

            if (!IsHttpUrl(options.PublicBaseUrl))
            {
                failures.Add($"Storage:PublicBaseUrl must be an absolute http(s) URL where the gateway is reachable, not '{options.PublicBaseUrl}'");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
