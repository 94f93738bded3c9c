namespace Hybrid.Grains.Interfaces; internal static class Placeholder { }
