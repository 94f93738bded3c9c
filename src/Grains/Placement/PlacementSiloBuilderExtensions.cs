using Microsoft.Extensions.DependencyInjection;

namespace Hybrid.Grains.Placement;

/// <summary>Registers GPU-capacity placement on a silo.</summary>
public static class PlacementSiloBuilderExtensions
{
    public static ISiloBuilder AddGpuCapacityPlacement(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<CapacityView>();
        silo.Services.AddHostedService<CapacityReporter>();
        silo.AddPlacementDirector<GpuCapacityPlacementStrategy, GpuCapacityPlacementDirector>();
        return silo;
    }
}
