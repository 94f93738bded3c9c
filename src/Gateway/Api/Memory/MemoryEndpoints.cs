namespace Hybrid.Gateway.Api.Memory;

/// <summary>The JSON memory store under <c>/api/memory</c> (seed System 1). Already called from GatewayApp.</summary>
public static class MemoryEndpoints
{
    // Placeholder wired into GatewayApp.cs: the memory routes go here.
    public static IEndpointRouteBuilder MapMemory(this IEndpointRouteBuilder app) => app;
}
