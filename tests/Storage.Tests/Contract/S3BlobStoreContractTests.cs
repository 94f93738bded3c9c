using System.Globalization;
using System.Net;
using System.Web;
using Hybrid.Storage.Blobs;
using Hybrid.Storage.Tests.Support;

namespace Hybrid.Storage.Tests.Contract;

/// <summary>
/// The contract on <see cref="S3.S3BlobStore"/> against a real s3rver. s3rver checks expiry but not
/// signatures or the signed Content-Type/Length (design brief §10), so those refusals are tested on
/// the local store, whose endpoints enforce them; here they would prove nothing.
/// </summary>
public sealed class S3BlobStoreContractTests(S3rverFixture fixture) : BlobStoreContractTests(fixture.Store, fixture.Options.MaxObjectBytes), IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task An_expired_presigned_url_is_refused_with_403()
    {
        var key = $"{Prefix}expiring.webm";
        var body = TestBytes.Random(100);
        var put = await Store.PresignPutAsync(new PresignPutRequest(key, "audio/webm", body.Length, TimeSpan.FromSeconds(1)));

        // Wait on the clock, not a guess: until now is past the signed X-Amz-Date + X-Amz-Expires.
        var query = HttpUtility.ParseQueryString(put.Url.Query);
        var signedAt = DateTimeOffset.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var expiresAt = signedAt.AddSeconds(int.Parse(query["X-Amz-Expires"]!, CultureInfo.InvariantCulture));
        var pastExpiry = expiresAt.AddMilliseconds(50);
        for (var now = DateTimeOffset.UtcNow; now <= pastExpiry; now = DateTimeOffset.UtcNow)
        {
            await Task.Delay(pastExpiry - now + TimeSpan.FromMilliseconds(1));
        }

        using var response = await SendAsync(put, body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await Store.HeadAsync(key));
    }

    [Fact]
    public async Task Presigned_put_signs_content_type_and_content_length()
    {
        var put = await Store.PresignPutAsync(new PresignPutRequest($"{Prefix}signed.webm", "audio/webm", 1234, TimeSpan.FromMinutes(5)));

        var signedHeaders = HttpUtility.ParseQueryString(put.Url.Query)["X-Amz-SignedHeaders"]!.Split(';');

        Assert.Contains("content-type", signedHeaders);
        Assert.Contains("content-length", signedHeaders);
        Assert.Equal("127.0.0.1", put.Url.Host);
        Assert.StartsWith($"/{S3rverFixture.BucketName}/", put.Url.AbsolutePath, StringComparison.Ordinal);
    }
}
