namespace Hybrid.Silo;

/// <summary>Cluster wiring of a silo (section <c>Orleans</c>).</summary>
public sealed class SiloSettings
{
    public const string SectionName = "Orleans";

    /// <summary><c>Localhost</c> (embedded default), <c>DynamoDB</c> or <c>Redis</c>; read from <c>Hybrid:Clustering</c>.</summary>
    public string Clustering { get; set; } = "Localhost";

    /// <summary><c>File</c> (embedded default), <c>DynamoDB</c>, <c>Redis</c> or <c>Memory</c> (tests only); read from <c>Hybrid:GrainStorage</c>.</summary>
    public string GrainStorage { get; set; } = "File";

    /// <summary>Orleans ServiceId; unset, <c>hybrid</c> (it keys durable state, so it stays stable).</summary>
    public string? ServiceId { get; set; }

    /// <summary>Orleans ClusterId; unset on a local cluster, the data directory's own (so instances never mix); required with Redis/DynamoDB.</summary>
    public string? ClusterId { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Silo port of the first silo, for several localhost silos; empty for the first one itself.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>Address other silos and clients reach this silo at (DynamoDB/Redis clustering); the pod IP on Kubernetes.</summary>
    public string? AdvertisedIP { get; set; }

    /// <summary>Listen on every interface rather than only the advertised address (containers).</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>Silo name shown in <c>SessionStatus.silo</c> and on the dashboard.</summary>
    public string? SiloName { get; set; }
}
