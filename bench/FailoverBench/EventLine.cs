namespace Hybrid.Bench.Failover;

public sealed record EventLine(double Ms, string Kind, string Detail);
