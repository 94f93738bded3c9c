using System.Text;
using Amazon.DynamoDBv2.Model;

namespace Hybrid.Providers.DynamoDB.Shared;

/// <summary>
/// Estimates an item's size the way DynamoDB counts it against its 400 KB item limit: attribute names plus
/// values, UTF-8 strings, ~1 byte per two digits of a number, raw binary length, 3 bytes per map or list
/// plus 1 byte per element.
/// </summary>
internal static class DynamoDBItemSize
{
    /// <summary>DynamoDB's hard limit on one item (names and values together).</summary>
    public const int MaxItemBytes = 400 * 1024;

    public static int Of(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var total = 0;
        foreach (var (name, value) in item)
        {
            total += Encoding.UTF8.GetByteCount(name) + Of(value);
        }

        return total;
    }

    public static int Of(AttributeValue value)
    {
        if (value.S is not null)
        {
            return Encoding.UTF8.GetByteCount(value.S);
        }

        if (value.N is not null)
        {
            return NumberSize(value.N);
        }

        if (value.B is not null)
        {
            return (int)value.B.Length;
        }

        if (value.IsMSet)
        {
            var size = 3;
            foreach (var (name, nested) in value.M)
            {
                size += 1 + Encoding.UTF8.GetByteCount(name) + Of(nested);
            }

            return size;
        }

        if (value.IsLSet)
        {
            var size = 3;
            foreach (var nested in value.L)
            {
                size += 1 + Of(nested);
            }

            return size;
        }

        if (value.IsSSSet)
        {
            return value.SS.Sum(Encoding.UTF8.GetByteCount);
        }

        if (value.IsNSSet)
        {
            return value.NS.Sum(NumberSize);
        }

        if (value.IsBSSet)
        {
            return value.BS.Sum(b => (int)b.Length);
        }

        // BOOL and NULL.
        return 1;
    }

    private static int NumberSize(string number)
    {
        var digits = number.Count(char.IsAsciiDigit);
        return (digits + 1) / 2 + 1;
    }
}
