using System.Globalization;

namespace Hybrid.Cli.Commands;

/// <summary>Audio positions as people read them: <c>mm:ss.cc</c>, or <c>h:mm:ss.cc</c> from one hour.</summary>
public static class TimeFormat
{
    public static string Position(long milliseconds)
    {
        var ms = Math.Max(0, milliseconds);
        var centis = ms / 10 % 100;
        var seconds = ms / 1000 % 60;
        var minutes = ms / 60_000 % 60;
        var hours = ms / 3_600_000;
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}:{minutes:00}:{seconds:00}.{centis:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes:00}:{seconds:00}.{centis:00}");
    }
}
