using Amazon.Runtime;
using Amazon.S3;
using Hybrid.Gateway.Blobs;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Hosting;
using Hybrid.Storage.Local;
using Hybrid.Storage.S3;
using Hybrid.Storage.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hybrid.Storage.Tests.Hosting;

public sealed class AddBlobStoreTests : IDisposable
{
    private readonly TempDirectory _data = new("storage-hosting");

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Local_is_the_default_with_paths_under_the_data_directory()
    {
        using var services = Build(new() { ["Hybrid:DataDirectory"] = _data.Path });

        var store = services.GetRequiredService<IBlobStore>();
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;

        Assert.IsType<LocalBlobStore>(store);
        Assert.Same(store, services.GetRequiredService<LocalBlobStore>());
        Assert.Equal(Path.Combine(_data.Path, "blobs"), options.LocalRoot);
        Assert.Equal(Path.Combine(_data.Path, "storage", "url-signing.key"), options.SigningKeyPath);
        Assert.Equal(8L * 1024 * 1024, options.MultipartThresholdBytes);
        Assert.Equal(100L * 1024 * 1024, options.MaxObjectBytes);
        Assert.True(File.Exists(options.SigningKeyPath));
        Assert.Null(services.GetService<IAmazonS3>());
    }

    [Fact]
    public async Task Two_local_stores_on_one_machine_share_the_signing_key()
    {
        var settings = new Dictionary<string, string?> { ["Hybrid:DataDirectory"] = _data.Path };
        using var silo = Build(settings);
        using var gateway = Build(settings);

        var presigned = await silo.GetRequiredService<IBlobStore>().PresignGetAsync("users/a/x", TimeSpan.FromMinutes(1));
        var query = new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(presigned.Url.Query));
        var verification = gateway.GetRequiredService<LocalBlobStore>().VerifyUrl("GET", "users/a/x", query);

        Assert.Equal(LocalUrlStatus.Valid, verification.Status);
    }

    [Fact]
    public void S3_with_a_service_url_is_path_style_with_checksums_only_when_required()
    {
        using var services = Build(new()
        {
            ["Storage:Provider"] = "s3",
            ["Storage:Bucket"] = "hybrid",
            ["Storage:ServiceUrl"] = "http://127.0.0.1:4569",
        });

        var config = S3ClientFactory.CreateConfig(services.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.IsType<S3BlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.True(config.ForcePathStyle);
        Assert.Equal("us-east-1", config.AuthenticationRegion);
        Assert.StartsWith("http://127.0.0.1:4569", config.ServiceURL, StringComparison.Ordinal);
        Assert.Equal(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.Equal(ResponseChecksumValidation.WHEN_REQUIRED, config.ResponseChecksumValidation);
    }

    [Fact]
    public void S3_without_a_bucket_fails_validation_with_a_clear_message()
    {
        using var services = Build(new() { ["Storage:Provider"] = "S3" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains("Storage:Bucket is required when Storage:Provider=S3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Storage:MultipartThresholdBytes", "1024", "Storage:MultipartThresholdBytes")]
    [InlineData("Storage:MaxObjectBytes", "0", "Storage:MaxObjectBytes")]
    [InlineData("Storage:PublicBaseUrl", "not a url", "Storage:PublicBaseUrl")]
    public void Invalid_settings_fail_validation_naming_the_setting(string setting, string value, string expected)
    {
        using var services = Build(new() { ["Hybrid:DataDirectory"] = _data.Path, [setting] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_is_refused_at_registration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = "Azure" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddBlobStore(configuration));

        Assert.Contains("Storage:Provider must be Local or S3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blob_endpoints_are_mapped_only_for_the_local_store()
    {
        await using var local = BuildApp(new() { ["Hybrid:DataDirectory"] = _data.Path });
        await using var s3 = BuildApp(new() { ["Storage:Provider"] = "S3", ["Storage:Bucket"] = "b", ["Storage:ServiceUrl"] = "http://127.0.0.1:1" });

        local.MapLocalBlobEndpoints();
        s3.MapLocalBlobEndpoints();

        var localRoutes = Routes(local);
        Assert.Contains("PUT /blobs/{**key}", localRoutes);
        Assert.Contains("GET /blobs/{**key}", localRoutes);
        Assert.Empty(Routes(s3));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddBlobStore(configuration).BuildServiceProvider();
    }

    private static WebApplication BuildApp(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBlobStore(builder.Configuration);
        return builder.Build();
    }

    private static List<string> Routes(IEndpointRouteBuilder app) => app.DataSources
        .SelectMany(source => source.Endpoints)
        .OfType<RouteEndpoint>()
        .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method => $"{method} {endpoint.RoutePattern.RawText}"))
        .ToList();
}
