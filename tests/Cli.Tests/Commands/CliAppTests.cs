using Hybrid.Cli.Commands;

namespace Hybrid.Cli.Tests.Commands;

public sealed class CliAppTests
{
    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new CommandContext(stdout, stderr, interactive: false, CancellationToken.None));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task No_command_prints_usage_and_exits_2()
    {
        var (code, _, error) = await RunAsync();

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("usage: hybrid <command>", error);
    }

    [Theory]
    [InlineData("transcribe")]
    [InlineData("load")]
    public async Task Command_help_exits_0(string command)
    {
        var (code, output, _) = await RunAsync(command, "--help");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains($"usage: hybrid {command}", output);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("transcribe")]
    [InlineData("transcribe", "a.wav", "b.wav")]
    [InlineData("transcribe", "a.wav", "--protocol", "xml")]
    [InlineData("load", "--file", "a.wav")]
    [InlineData("load", "--sessions", "3")]
    [InlineData("load", "--sessions", "0", "--file", "a.wav")]
    public async Task Bad_command_lines_exit_2_without_a_stack_trace(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("hybrid: ", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        var (code, _, error) = await RunAsync("transcribe", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.wav"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("no such file", error);
    }

    [Fact]
    public async Task A_file_that_is_not_wav_is_a_usage_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-wav-{Guid.NewGuid():N}.wav");
        await File.WriteAllTextAsync(path, "hello");
        try
        {
            var (code, _, error) = await RunAsync("transcribe", path);

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("not a WAV file", error);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
