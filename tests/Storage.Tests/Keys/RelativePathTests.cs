using Hybrid.Storage.Keys;

namespace Hybrid.Storage.Tests.Keys;

public sealed class RelativePathTests
{
    public static TheoryData<string?> Refused => new()
    {
        null,
        "",
        "../x",
        "..",
        "a/..",
        "a/../../b",
        "..\\x",
        "a\\b",
        "%2e%2e/x",
        "%2E%2E/x",
        "..%2fx",
        "a/%2e%2e",
        "%252e%252e/x",
        "%25252e%25252e/x",
        "/etc/passwd",
        "%2fetc/passwd",
        "C:\\x",
        "C:/x",
        "c:x",
        "a\0b",
        "a%00b",
        "a\u0001b",
        "a\nb",
        "a\u007fb",
        "a\u0085b",
        "a//b",
        "a/",
        "./a",
        "a/./b",
        "...",
        " ",
        "a/ /b",
        ". .",
        "\u202Egpj.exe",
        new string('a', 256),
        string.Join('/', Enumerable.Repeat(new string('b', 200), 5)),
        new string('é', 128),
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Traversal_and_malformed_names_are_refused(string? input)
    {
        var ok = RelativePath.TryNormalize(input, out var normalized, out var error);

        Assert.False(ok);
        Assert.Equal(string.Empty, normalized);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("notes.txt", "notes.txt")]
    [InlineData("Docs/Report 2024 (final).pdf", "Docs/Report 2024 (final).pdf")]
    [InlineData("Cafe\u0301.txt", "Cafe\u0301.txt")]
    [InlineData("100%.txt", "100%.txt")]
    [InlineData("a/b/c.d", "a/b/c.d")]
    [InlineData(".folder", ".folder")]
    [InlineData("..hidden", "..hidden")]
    [InlineData("Réunion/日本語/🎤.webm", "Réunion/日本語/🎤.webm")]
    public void Good_names_are_normalised(string input, string expected)
    {
        Assert.True(RelativePath.TryNormalize(input, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
    }

    [Fact]
    public void Lone_surrogates_are_refused()
    {
        // Not a theory: xUnit's data serialisation would turn the lone surrogate into U+FFFD.
        Assert.False(RelativePath.TryNormalize("x\ud800y", out _, out var high));
        Assert.False(RelativePath.TryNormalize("x\udc00", out _, out var low));

        Assert.Contains("Unicode", high, StringComparison.Ordinal);
        Assert.Contains("Unicode", low, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_are_counted_in_utf8_bytes()
    {
        var longestSegment = new string('a', RelativePath.MaxSegmentBytes);
        var longestPath = string.Join('/', Enumerable.Repeat(new string('c', 99), 9));

        Assert.True(RelativePath.TryNormalize(longestSegment, out _, out _));
        Assert.True(RelativePath.TryNormalize(longestPath, out _, out _));
        Assert.False(RelativePath.TryNormalize(new string('é', 128), out _, out var error));
        Assert.Contains("255", error, StringComparison.Ordinal);
        Assert.False(RelativePath.TryNormalize(longestPath + "/cc", out _, out error));
        Assert.Contains("900", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_reasons_are_specific()
    {
        Assert.False(RelativePath.TryNormalize("%252e%252e/x", out _, out var encoded));
        Assert.False(RelativePath.TryNormalize("/etc/passwd", out _, out var absolute));
        Assert.False(RelativePath.TryNormalize("a\\b", out _, out var backslash));

        Assert.Contains("..", encoded, StringComparison.Ordinal);
        Assert.Contains("absolute", absolute, StringComparison.Ordinal);
        Assert.Contains("backslash", backslash, StringComparison.Ordinal);
    }
}
