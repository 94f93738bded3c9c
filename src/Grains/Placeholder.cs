namespace Hybrid.Grains; internal static class Placeholder { }
