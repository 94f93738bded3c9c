using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Hybrid.Providers.DynamoDB.Shared;
using Orleans;
using Orleans.Runtime;

namespace Hybrid.Providers.DynamoDB.Membership;

/// <summary>
/// Layout of the one item that holds a whole cluster's membership, and its conversion to and from
/// <see cref="MembershipEntry"/>.
/// </summary>
/// <remarks>
/// <code>
/// ClusterKey   S  "{ServiceId}/{ClusterId}"          (HASH key)
/// Version      N  TableVersion.Version
/// VersionEtag  N  TableVersion.VersionEtag: +1 on every versioned write (insert/update), never on IAmAlive
/// Silos        M  SiloAddress.ToParsableString() -> row
///   row: Status S (enum name), ProxyPort N, HostName S, SiloName S, RoleName S, UpdateZone N, FaultZone N,
///        StartTime S, IAmAliveTime S (ISO 8601 UTC, round-trip), Suspects L of M {Silo S, Time S},
///        ETag N (row etag: +1 on every UpdateRow, never on IAmAlive)
/// </code>
/// Null strings are left out rather than stored empty.
/// </remarks>
internal static class MembershipItem
{
    public const string ClusterKey = "ClusterKey";
    public const string Version = "Version";
    public const string VersionEtag = "VersionEtag";
    public const string Silos = "Silos";

    public const string Status = "Status";
    public const string ProxyPort = "ProxyPort";
    public const string HostName = "HostName";
    public const string SiloName = "SiloName";
    public const string RoleName = "RoleName";
    public const string UpdateZone = "UpdateZone";
    public const string FaultZone = "FaultZone";
    public const string StartTime = "StartTime";
    public const string IAmAliveTime = "IAmAliveTime";
    public const string Suspects = "Suspects";
    public const string SuspectSilo = "Silo";
    public const string SuspectTime = "Time";
    public const string ETag = "ETag";

    /// <summary>What a cluster with no item yet reads as: the contract's empty table, version 0.</summary>
    public static TableVersion EmptyVersion { get; } = new(0, "0");

    public static string ClusterKeyOf(string serviceId, string clusterId) => $"{serviceId}/{clusterId}";

    public static Dictionary<string, AttributeValue> Key(string clusterKey) => new() { [ClusterKey] = new AttributeValue { S = clusterKey } };

    public static string SiloKey(SiloAddress silo) => silo.ToParsableString();

    public static Dictionary<string, AttributeValue> NewClusterItem(string clusterKey) => new()
    {
        [ClusterKey] = new AttributeValue { S = clusterKey },
        [Version] = Number(0),
        [VersionEtag] = Number(0),
        [Silos] = new AttributeValue { M = [] },
    };

    public static AttributeValue EncodeRow(MembershipEntry entry, long etag)
    {
        var row = new Dictionary<string, AttributeValue>
        {
            [Status] = new AttributeValue { S = entry.Status.ToString() },
            [ProxyPort] = Number(entry.ProxyPort),
            [UpdateZone] = Number(entry.UpdateZone),
            [FaultZone] = Number(entry.FaultZone),
            [StartTime] = Time(entry.StartTime),
            [IAmAliveTime] = Time(entry.IAmAliveTime),
            [ETag] = Number(etag),
        };
        AddString(row, HostName, entry.HostName);
        AddString(row, SiloName, entry.SiloName);
        AddString(row, RoleName, entry.RoleName);
        if (entry.SuspectTimes is { Count: > 0 } suspects)
        {
            row[Suspects] = new AttributeValue
            {
                L = suspects.Select(s => new AttributeValue
                {
                    M = new Dictionary<string, AttributeValue>
                    {
                        [SuspectSilo] = new AttributeValue { S = SiloKey(s.Item1) },
                        [SuspectTime] = Time(s.Item2),
                    },
                }).ToList(),
            };
        }

        return new AttributeValue { M = row };
    }

    /// <summary>Decodes the cluster item; null (no item yet) reads as an empty table at version 0.</summary>
    public static MembershipTableData Decode(Dictionary<string, AttributeValue>? item, Func<string, bool>? includeSilo = null)
    {
        if (item is not { Count: > 0 })
        {
            return new MembershipTableData([], EmptyVersion);
        }

        var version = new TableVersion(
            (int)ParseLong(item, Version, "cluster item"),
            ParseLong(item, VersionEtag, "cluster item").ToString(CultureInfo.InvariantCulture));
        var rows = new List<Tuple<MembershipEntry, string>>();
        if (item.TryGetValue(Silos, out var silos) && silos.IsMSet)
        {
            foreach (var (siloKey, row) in silos.M)
            {
                if (includeSilo is null || includeSilo(siloKey))
                {
                    var (entry, etag) = DecodeRow(siloKey, row);
                    rows.Add(Tuple.Create(entry, etag.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        return new MembershipTableData(rows, version);
    }

    public static (MembershipEntry Entry, long ETag) DecodeRow(string siloKey, AttributeValue value)
    {
        if (!value.IsMSet)
        {
            throw Malformed(siloKey, "is not a map");
        }

        var row = value.M;
        var context = $"row {siloKey}";
        var entry = new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(siloKey),
            Status = Enum.TryParse<SiloStatus>(GetString(row, Status), out var status) ? status : throw Malformed(siloKey, "has no valid Status"),
            ProxyPort = (int)ParseLong(row, ProxyPort, context),
            UpdateZone = (int)ParseLong(row, UpdateZone, context),
            FaultZone = (int)ParseLong(row, FaultZone, context),
            StartTime = ParseTime(GetString(row, StartTime), context),
            IAmAliveTime = ParseTime(GetString(row, IAmAliveTime), context),
            HostName = GetString(row, HostName)!,
            SiloName = GetString(row, SiloName)!,
            RoleName = GetString(row, RoleName)!,
            SuspectTimes = [],
        };
        if (row.TryGetValue(Suspects, out var suspects) && suspects.IsLSet)
        {
            foreach (var suspect in suspects.L)
            {
                var fields = suspect.M ?? throw Malformed(siloKey, "has a malformed suspect entry");
                var silo = GetString(fields, SuspectSilo) ?? throw Malformed(siloKey, "has a suspect entry without a silo");
                entry.SuspectTimes.Add(Tuple.Create(SiloAddress.FromParsableString(silo), ParseTime(GetString(fields, SuspectTime), context)));
            }
        }

        return (entry, ParseLong(row, ETag, context));
    }

    /// <summary>
    /// The latest moment anything about a row is known to have happened: its heartbeat, its start, or a
    /// suspicion vote against it (so a recently declared death keeps the row around).
    /// </summary>
    public static DateTime LastUpdate(MembershipEntry entry)
    {
        var latest = entry.IAmAliveTime > entry.StartTime ? entry.IAmAliveTime : entry.StartTime;
        foreach (var (_, time) in entry.SuspectTimes ?? [])
        {
            if (time > latest)
            {
                latest = time;
            }
        }

        return latest;
    }

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Time(DateTime value) => new() { S = AsUtc(value).ToString("O", CultureInfo.InvariantCulture) };

    public static bool TryParseEtag(string? etag, out long value) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static int EstimateSize(Dictionary<string, AttributeValue> item) => DynamoDBItemSize.Of(item);

    // Orleans hands out UTC times; an Unspecified kind is taken as UTC rather than shifted by the local zone.
    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    private static void AddString(Dictionary<string, AttributeValue> row, string name, string? value)
    {
        if (value is not null)
        {
            row[name] = new AttributeValue { S = value };
        }
    }

    private static string? GetString(Dictionary<string, AttributeValue> attributes, string name) =>
        attributes.TryGetValue(name, out var value) ? value.S : null;

    private static long ParseLong(Dictionary<string, AttributeValue> attributes, string name, string context) =>
        attributes.TryGetValue(name, out var value) && long.TryParse(value.N, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidDataException($"Membership {context}: attribute {name} is missing or not a number.");

    private static DateTime ParseTime(string? value, string context) =>
        DateTime.TryParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? AsUtc(time)
            : throw new InvalidDataException($"Membership {context}: '{value}' is not an ISO 8601 time.");

    private static InvalidDataException Malformed(string siloKey, string problem) => new($"Membership row {siloKey} {problem}.");
}
