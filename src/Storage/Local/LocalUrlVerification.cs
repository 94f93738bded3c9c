namespace Hybrid.Storage.Local;

/// <summary>The result of verifying a local signed URL; <see cref="Grant"/> is set when the signature is genuine.</summary>
public sealed record LocalUrlVerification(LocalUrlStatus Status, LocalBlobGrant? Grant);
