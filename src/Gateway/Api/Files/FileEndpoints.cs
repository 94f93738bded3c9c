namespace Hybrid.Gateway.Api.Files;

/// <summary>The user's file manager under <c>/api/s3</c> (seed System 1). Already called from GatewayApp.</summary>
public static class FileEndpoints
{
    // Placeholder wired into GatewayApp.cs: the file-manager routes go here.
    public static IEndpointRouteBuilder MapFiles(this IEndpointRouteBuilder app) => app;
}
