using System.Buffers;
using System.Text;
using System.Text.Json;
using MessagePack;

namespace Hybrid.Integration.Tests.Live.BadInput;

/// <summary>
/// Writes and reads SignalR hub messages byte for byte (JSON: record-separated text; MessagePack:
/// length-prefixed arrays), so a test can send exactly the malformed input a careless or hostile
/// client would. Values are plain .NET objects: null, bool, long, double, string, byte[]
/// (base64 in JSON, binary in MessagePack), object?[] and <see cref="Map"/>.
/// </summary>
public static class WireCodec
{
    public const byte RecordSeparator = 0x1e;

    public static byte[] Handshake(WireFormat format) =>
        Encoding.UTF8.GetBytes($"{{\"protocol\":\"{(format == WireFormat.Json ? "json" : "messagepack")}\",\"version\":1}}\u001e");

    public static byte[] Invocation(WireFormat format, string? invocationId, string target, object?[] arguments, string[]? streamIds = null)
    {
        if (format == WireFormat.Json)
        {
            var map = new Map { ["type"] = 1L };
            if (invocationId is not null)
            {
                map["invocationId"] = invocationId;
            }

            map["target"] = target;
            map["arguments"] = arguments;
            if (streamIds is not null)
            {
                map["streamIds"] = streamIds.Cast<object?>().ToArray();
            }

            return Json(map);
        }

        object?[] message = [1L, new Map(), invocationId, target, arguments, streamIds?.Cast<object?>().ToArray() ?? []];
        return MessagePack(message);
    }

    public static byte[] StreamItem(WireFormat format, string streamId, object? item) => format == WireFormat.Json
        ? Json(new Map { ["type"] = 2L, ["invocationId"] = streamId, ["item"] = item })
        : MessagePack(new object?[] { 2L, new Map(), streamId, item });

    /// <summary>The client ends its upload stream.</summary>
    public static byte[] StreamComplete(WireFormat format, string streamId) => format == WireFormat.Json
        ? Json(new Map { ["type"] = 3L, ["invocationId"] = streamId })
        : MessagePack(new object?[] { 3L, new Map(), streamId, 2L });

    /// <summary>A JSON protocol message: the value's JSON and the record separator.</summary>
    public static byte[] Json(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, MaxDepth = 100_000 }))
        {
            WriteJson(writer, value);
        }

        return [.. buffer.WrittenSpan, RecordSeparator];
    }

    /// <summary>A MessagePack protocol message: the varint length prefix and the value.</summary>
    public static byte[] MessagePack(object? value)
    {
        var body = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(body);
        WriteMessagePack(ref writer, value);
        writer.Flush();
        return [.. Prefix(body.WrittenCount), .. body.WrittenSpan];
    }

    /// <summary>The varint length prefix of a MessagePack hub message.</summary>
    public static byte[] Prefix(int length)
    {
        var prefix = new List<byte>();
        do
        {
            var b = (byte)(length & 0x7f);
            length >>= 7;
            prefix.Add(length > 0 ? (byte)(b | 0x80) : b);
        }
        while (length > 0);
        return [.. prefix];
    }

    /// <summary>Reads every complete message at the start of <paramref name="buffer"/>; returns how many bytes were used.</summary>
    public static int Read(WireFormat format, ReadOnlySpan<byte> buffer, List<RawMessage> into)
    {
        var used = 0;
        while (used < buffer.Length)
        {
            var rest = buffer[used..];
            if (format == WireFormat.Json)
            {
                var end = rest.IndexOf(RecordSeparator);
                if (end < 0)
                {
                    break;
                }

                into.Add(FromJson(JsonDocument.Parse(rest[..end].ToArray()).RootElement));
                used += end + 1;
            }
            else
            {
                var length = 0;
                var prefix = 0;
                var complete = false;
                while (prefix < rest.Length && prefix < 5)
                {
                    var b = rest[prefix];
                    length |= (b & 0x7f) << (7 * prefix);
                    prefix++;
                    if ((b & 0x80) == 0)
                    {
                        complete = true;
                        break;
                    }
                }

                if (!complete || rest.Length - prefix < length)
                {
                    break;
                }

                var reader = new MessagePackReader(rest.Slice(prefix, length).ToArray());
                into.Add(FromMessagePack((IReadOnlyList<object?>)ReadValue(ref reader)!));
                used += prefix + length;
            }
        }

        return used;
    }

    private static RawMessage FromJson(JsonElement root)
    {
        string? Text(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        var arguments = root.TryGetProperty("arguments", out var args) ? args.EnumerateArray().Select(ToValue).ToArray() : [];
        var result = root.TryGetProperty("result", out var r) ? ToValue(r) : null;
        var type = root.GetProperty("type").GetInt32();
        return new RawMessage(type, Text("invocationId"), Text("target"), arguments, Text("error"), result);
    }

    private static RawMessage FromMessagePack(IReadOnlyList<object?> a)
    {
        var type = Convert.ToInt32(a[0]);
        return type switch
        {
            RawMessage.Invocation => new RawMessage(type, a[2] as string, a[3] as string, (IReadOnlyList<object?>)a[4]!, null, null),
            RawMessage.StreamItem => new RawMessage(type, a[2] as string, null, [a[3]], null, null),
            RawMessage.Completion => Convert.ToInt32(a[3]) switch
            {
                1 => new RawMessage(type, a[2] as string, null, [], a[4] as string, null),
                3 => new RawMessage(type, a[2] as string, null, [], null, a[4]),
                _ => new RawMessage(type, a[2] as string, null, [], null, null),
            },
            RawMessage.Close => new RawMessage(type, null, null, [], a.Count > 1 ? a[1] as string : null, null),
            _ => new RawMessage(type, null, null, [], null, null),
        };
    }

    private static object? ToValue(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => ToValue(p.Value)) as IReadOnlyDictionary<string, object?>,
        JsonValueKind.Array => e.EnumerateArray().Select(ToValue).ToArray(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static object? ReadValue(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return reader.ReadBoolean();
            case MessagePackType.Integer:
                return reader.ReadInt64();
            case MessagePackType.Float:
                return reader.ReadDouble();
            case MessagePackType.String:
                return reader.ReadString();
            case MessagePackType.Binary:
                return reader.ReadBytes()?.ToArray();
            case MessagePackType.Array:
                var items = new object?[reader.ReadArrayHeader()];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ReadValue(ref reader);
                }

                return items;
            case MessagePackType.Map:
                var count = reader.ReadMapHeader();
                var map = new Dictionary<string, object?>();
                for (var i = 0; i < count; i++)
                {
                    var key = ReadValue(ref reader)?.ToString() ?? string.Empty;
                    map[key] = ReadValue(ref reader);
                }

                return map;
            default:
                reader.Skip();
                return null;
        }
    }

    private static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d: writer.WriteRawValue(d.ToString("R", System.Globalization.CultureInfo.InvariantCulture), skipInputValidation: true); break;
            case string s: writer.WriteStringValue(s); break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            case Map map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    WriteJson(writer, item);
                }

                writer.WriteEndObject();
                break;
            case object?[] array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            default: throw new ArgumentException($"no JSON form for {value.GetType().Name}");
        }
    }

    private static void WriteMessagePack(ref MessagePackWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNil(); break;
            case bool b: writer.Write(b); break;
            case long l: writer.Write(l); break;
            case int i: writer.Write(i); break;
            case double d: writer.Write(d); break;
            case string s: writer.Write(s); break;
            case byte[] bytes: writer.Write(bytes.AsSpan()); break;
            case Map map:
                writer.WriteMapHeader(map.Count);
                foreach (var (key, item) in map)
                {
                    writer.Write(key);
                    WriteMessagePack(ref writer, item);
                }

                break;
            case object?[] array:
                writer.WriteArrayHeader(array.Length);
                foreach (var item in array)
                {
                    WriteMessagePack(ref writer, item);
                }

                break;
            default: throw new ArgumentException($"no MessagePack form for {value.GetType().Name}");
        }
    }
}
