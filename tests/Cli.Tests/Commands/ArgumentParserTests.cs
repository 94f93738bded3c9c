using Hybrid.Cli.Connection;
using Hybrid.Client;
using Hybrid.Cli.Commands;

namespace Hybrid.Cli.Tests.Commands;

public sealed class ArgumentParserTests
{
    private static readonly string[] Values = ["url", "sessions", "protocol", "user", "token"];
    private static readonly string[] Flags = ["realtime", "verbose"];

    [Fact]
    public void Reads_values_in_both_spellings_flags_and_positionals()
    {
        var parsed = ArgumentParser.Parse(["a.wav", "--url", "http://x:1", "--sessions=5", "--realtime"], Values, Flags);

        Assert.Equal(["a.wav"], parsed.Positionals);
        Assert.Equal("http://x:1", parsed.Value("url"));
        Assert.Equal(5, parsed.Int("sessions", 1, 1, 10));
        Assert.True(parsed.Flag("realtime"));
        Assert.False(parsed.Flag("verbose"));
    }

    [Fact]
    public void A_double_dash_ends_options()
    {
        var parsed = ArgumentParser.Parse(["--", "--weird-name.wav"], Values, Flags);

        Assert.Equal(["--weird-name.wav"], parsed.Positionals);
    }

    [Theory]
    [InlineData("--nope")]
    [InlineData("-x")]
    [InlineData("--url")]
    [InlineData("--realtime=yes")]
    public void Bad_options_are_usage_errors(string arg)
    {
        Assert.Throws<UsageException>(() => ArgumentParser.Parse([arg], Values, Flags));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("11")]
    [InlineData("many")]
    public void Out_of_range_numbers_are_usage_errors(string value)
    {
        var parsed = ArgumentParser.Parse(["--sessions", value], Values, Flags);

        var error = Assert.Throws<UsageException>(() => parsed.Int("sessions", 1, 1, 10));
        Assert.Contains("--sessions", error.Message);
    }

    [Fact]
    public void Common_options_validate_url_and_protocol_and_take_the_token_from_the_environment()
    {
        var parsed = ArgumentParser.Parse(["--url", "http://127.0.0.1:5001", "--protocol", "MessagePack"], Values, Flags);

        var common = CommonOptions.From(parsed, tokenFromEnvironment: "env-token");

        Assert.Equal(new Uri("http://127.0.0.1:5001"), common.Url);
        Assert.Equal(HubProtocolKind.MessagePack, common.Protocol);
        Assert.Equal("env-token", common.Token);
        Assert.Equal("dev-user", common.User);
        Assert.Equal(new Uri("http://127.0.0.1:5001/hubs/transcription"), common.HubUrl);
    }

    [Fact]
    public void An_explicit_token_beats_the_environment()
    {
        var parsed = ArgumentParser.Parse(["--token", "cli"], Values, Flags);

        Assert.Equal("cli", CommonOptions.From(parsed, "env").Token);
    }

    [Theory]
    [InlineData("--url", "ftp://host")]
    [InlineData("--url", "not a url")]
    [InlineData("--protocol", "xml")]
    public void Bad_common_values_are_usage_errors(string name, string value)
    {
        var parsed = ArgumentParser.Parse([name, value], Values, Flags);

        Assert.Throws<UsageException>(() => CommonOptions.From(parsed, null));
    }
}
