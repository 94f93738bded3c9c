using System.Globalization;

namespace Hybrid.Cli.Commands;

/// <summary>The options and positional arguments of one command line.</summary>
public sealed class ParsedArguments(IReadOnlyDictionary<string, string> values, IReadOnlySet<string> flags, IReadOnlyList<string> positionals)
{
    public IReadOnlyList<string> Positionals { get; } = positionals;

    public bool Flag(string name) => flags.Contains(name);

    public string? Value(string name) => values.TryGetValue(name, out var value) ? value : null;

    public string Value(string name, string fallback) => Value(name) ?? fallback;

    public int Int(string name, int fallback, int min, int max)
    {
        var text = Value(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a whole number from {min} to {max} (got '{text}')");
        }

        return value;
    }

    public T Choice<T>(string name, T fallback, IReadOnlyDictionary<string, T> choices)
    {
        var text = Value(name);
        if (text is null)
        {
            return fallback;
        }

        return choices.TryGetValue(text.ToLowerInvariant(), out var value)
            ? value
            : throw new UsageException($"--{name} must be one of {string.Join(", ", choices.Keys)} (got '{text}')");
    }
}
