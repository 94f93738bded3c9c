using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hybrid.Storage.Keys;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Hybrid.Storage.Local;

/// <summary>
/// Signs and verifies the local store's URLs: <c>{PublicBaseUrl}/blobs/{key}?exp=&amp;len=&amp;ct=&amp;uploadId=&amp;part=&amp;cd=&amp;sig=</c>.
/// The signature is HMAC-SHA256 over the method, the key and every parameter, so none of them can
/// be changed, dropped or added without the URL failing verification.
/// </summary>
internal sealed class LocalUrlSigner
{
    public const string RoutePrefix = "/blobs";

    // Versioned, so a future change of the signed fields cannot be confused with this one.
    private const string Scheme = "hybrid-blob-v1";

    private readonly byte[] _key;
    private readonly string _baseUrl;

    public LocalUrlSigner(byte[] key, string publicBaseUrl)
    {
        _key = key;
        _baseUrl = publicBaseUrl.TrimEnd('/');
    }

    public Uri CreateUrl(LocalBlobGrant grant)
    {
        var path = string.Join('/', grant.Key.Split('/').Select(Uri.EscapeDataString));
        var query = new StringBuilder();
        Append(query, "exp", grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        Append(query, "len", grant.ContentLength?.ToString(CultureInfo.InvariantCulture));
        Append(query, "ct", grant.ContentType);
        Append(query, "uploadId", grant.UploadId);
        Append(query, "part", grant.PartNumber?.ToString(CultureInfo.InvariantCulture));
        Append(query, "cd", grant.ContentDisposition);
        Append(query, "sig", Base64Url(Sign(grant)));
        return new Uri($"{_baseUrl}{RoutePrefix}/{path}?{query}");
    }

    public LocalUrlVerification Verify(string method, string key, IQueryCollection query, DateTimeOffset now)
    {
        var malformed = new LocalUrlVerification(LocalUrlStatus.Malformed, null);

        // Only keys we could have signed, so no request can shift the newline-separated fields.
        if (!ObjectKeys.IsValidKey(key)
            || !TryGetSingle(query, "sig", required: true, out var signature)
            || !TryGetSingle(query, "exp", required: true, out var expText) || !TryParseNonNegative(expText, out var exp)
            || exp > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || !TryGetSingle(query, "len", required: false, out var lenText)
            || !TryGetSingle(query, "ct", required: false, out var contentType)
            || !TryGetSingle(query, "uploadId", required: false, out var uploadId)
            || !TryGetSingle(query, "part", required: false, out var partText)
            || !TryGetSingle(query, "cd", required: false, out var contentDisposition))
        {
            return malformed;
        }

        long? length = null;
        if (lenText is not null)
        {
            if (!TryParseNonNegative(lenText, out var parsedLength))
            {
                return malformed;
            }

            length = parsedLength;
        }

        int? part = null;
        if (partText is not null)
        {
            if (!TryParseNonNegative(partText, out var parsedPart) || parsedPart is < 1 or > 10_000)
            {
                return malformed;
            }

            part = (int)parsedPart;
        }

        // Each method has one shape; anything else was not made by CreateUrl.
        var isPart = uploadId is not null || part is not null;
        var shapeOk = method switch
        {
            "PUT" => length is not null && contentDisposition is null && (isPart ? uploadId is not null && part is not null && contentType is null : contentType is not null),
            "GET" => length is null && contentType is null && !isPart,
            _ => false,
        };
        if (!shapeOk)
        {
            return malformed;
        }

        var grant = new LocalBlobGrant(method, key, DateTimeOffset.FromUnixTimeSeconds(exp), contentType, length, uploadId, part, contentDisposition);
        // Compare the text, not decoded bytes: a decoder ignores the spare bits of the last base64
        // character, so several spellings would otherwise pass for one signature.
        var expected = Encoding.ASCII.GetBytes(Base64Url(Sign(grant)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(signature!), expected))
        {
            return new LocalUrlVerification(LocalUrlStatus.SignatureMismatch, null);
        }

        return now > grant.ExpiresAt
            ? new LocalUrlVerification(LocalUrlStatus.Expired, grant)
            : new LocalUrlVerification(LocalUrlStatus.Valid, grant);
    }

    private byte[] Sign(LocalBlobGrant grant)
    {
        // Newline-separated fields are unambiguous: keys, content types and dispositions never hold control characters.
        var canonical = string.Join('\n',
            Scheme,
            grant.Method,
            grant.Key,
            grant.ContentType ?? string.Empty,
            grant.ContentLength?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            grant.UploadId ?? string.Empty,
            grant.PartNumber?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            grant.ContentDisposition ?? string.Empty);
        return HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(canonical));
    }

    private static void Append(StringBuilder query, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static bool TryGetSingle(IQueryCollection query, string name, bool required, out string? value)
    {
        value = null;
        if (!query.TryGetValue(name, out StringValues values))
        {
            return !required;
        }

        // A repeated parameter could mean different things to different parsers: refuse it.
        if (values.Count != 1 || string.IsNullOrEmpty(values[0]) || values[0]!.Any(char.IsControl))
        {
            return false;
        }

        value = values[0];
        return true;
    }

    private static bool TryParseNonNegative(string? text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
