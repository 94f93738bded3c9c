namespace Hybrid.Storage.Local;

/// <summary>The outcome of checking a local signed URL.</summary>
public enum LocalUrlStatus
{
    /// <summary>Signed by us, unaltered and not expired.</summary>
    Valid,

    /// <summary>Parameters are missing, repeated or unparsable.</summary>
    Malformed,

    /// <summary>The signature does not match the method, key and parameters (tampered or foreign).</summary>
    SignatureMismatch,

    /// <summary>Genuine but past its expiry.</summary>
    Expired,
}
