namespace Hybrid.Gateway.Security;

/// <summary>Endpoint metadata: the largest request body this endpoint accepts (see <see cref="BodyLimits"/>).</summary>
public sealed record BodyLimit(long MaxBytes);
