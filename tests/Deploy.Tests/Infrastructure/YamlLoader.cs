using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hybrid.Deploy.Tests.Infrastructure;

/// <summary>
/// Reads (multi-document) YAML into <see cref="JsonNode"/> trees, resolving plain scalars with the YAML 1.2
/// core schema as Kubernetes does for the values used here: null, booleans, integers, floats; everything
/// else, and every quoted scalar, is a string.
/// </summary>
public static class YamlLoader
{
    public static IReadOnlyList<JsonNode?> LoadFile(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Every document of <paramref name="text"/>; an empty document (e.g. only comments) is null.</summary>
    public static IReadOnlyList<JsonNode?> Parse(string text, string source = "(text)")
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{source}: invalid YAML at {e.Start}: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner reports some malformed input this way (and duplicate keys as ArgumentException).
            throw new FormatException($"{source}: invalid YAML: {e.Message}", e);
        }

        return stream.Documents.Select(d => Convert(d.RootNode, source)).ToList();
    }

    /// <summary>
    /// Plain scalars that YAML 1.1 (the Kubernetes decoder) reads as booleans but YAML 1.2 as strings
    /// (<c>yes</c>, <c>no</c>, <c>on</c>, <c>off</c>, <c>y</c>, <c>n</c>): quote them to mean the same everywhere.
    /// </summary>
    public static IReadOnlyList<string> Yaml11Booleans(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var result = new List<string>();
        foreach (var document in stream.Documents)
        {
            foreach (var node in document.AllNodes.OfType<YamlScalarNode>())
            {
                if (node.Style == ScalarStyle.Plain && node.Value is { } v
                    && v.ToLowerInvariant() is "yes" or "no" or "on" or "off" or "y" or "n")
                {
                    result.Add($"'{v}' at {node.Start}");
                }
            }
        }

        return result;
    }

    /// <summary>The non-empty documents of a manifest file, each of which must be a mapping.</summary>
    public static IReadOnlyList<JsonObject> LoadObjects(string path)
    {
        var result = new List<JsonObject>();
        foreach (var document in LoadFile(path))
        {
            switch (document)
            {
                case null:
                    continue;
                case JsonObject o:
                    result.Add(o);
                    break;
                default:
                    throw new FormatException($"{path}: a document is not a mapping");
            }
        }

        return result;
    }

    private static JsonNode? Convert(YamlNode node, string source)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new FormatException($"{source}: a mapping key at {key.Start} is not a scalar");
                    }

                    if (obj.ContainsKey(name))
                    {
                        // Kubernetes' decoder rejects duplicate keys; silently keeping one would hide a mistake.
                        throw new FormatException($"{source}: duplicate key '{name}' at {key.Start}");
                    }

                    obj[name] = Convert(value, source);
                }

                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                foreach (var item in seq.Children)
                {
                    array.Add(Convert(item, source));
                }

                return array;
            case YamlScalarNode scalar:
                return ConvertScalar(scalar);
            default:
                throw new FormatException($"{source}: unsupported node at {node.Start}");
        }
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] is '-' or '+' or '.')
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            && !value.EndsWith('.'))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(value);
    }
}
