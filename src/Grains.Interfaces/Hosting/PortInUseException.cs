namespace Hybrid.Grains.Interfaces.Hosting;

/// <summary>A port this process must listen on is taken, most often by another Hybrid instance.</summary>
public sealed class PortInUseException : Exception
{
    public PortInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
