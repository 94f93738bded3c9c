using Hybrid.Cli.Connection;
using Hybrid.Client;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Cli.Tests.Client;

public sealed class HubErrorTests
{
    [Fact]
    public void Finds_the_code_behind_the_prefix_the_dotnet_client_adds()
    {
        var (code, text) = HubError.Parse("An unexpected error occurred invoking 'StartSession' on the server. HubException: capacity_exhausted: all 12 GPU stream slots are busy; retry after 5 s");

        Assert.Equal("capacity_exhausted", code);
        Assert.Equal("all 12 GPU stream slots are busy; retry after 5 s", text);
    }

    [Fact]
    public void Reads_a_bare_code_and_text()
    {
        Assert.Equal(("not_found", "no such session"), HubError.Parse("not_found: no such session"));
    }

    [Fact]
    public void A_message_without_a_code_is_unknown()
    {
        Assert.Equal(("unknown", "Something broke."), HubError.Parse("Something broke."));
        Assert.Equal(("unknown", string.Empty), HubError.Parse(null));
    }

    [Fact]
    public void Hub_failures_are_server_errors_with_their_code()
    {
        var translated = HubError.Translate(new HubException("invalid_argument: sampleRate 8000 is not supported"), "StartSession");

        var cli = Assert.IsType<CliException>(translated);
        Assert.Equal(ExitCodes.Server, cli.ExitCode);
        Assert.Equal("invalid_argument", cli.Code);
        Assert.Equal("StartSession failed: invalid_argument: sampleRate 8000 is not supported", cli.Message);
    }

    [Fact]
    public void Transport_failures_are_connection_errors()
    {
        var cli = Assert.IsType<CliException>(HubError.Translate(new IOException("reset"), "UploadAudio"));
        Assert.Equal(ExitCodes.Connection, cli.ExitCode);

        var inactive = Assert.IsType<CliException>(HubError.Translate(new InvalidOperationException("The 'InvokeCoreAsync' method cannot be called if the connection is not active"), "StopSession"));
        Assert.Equal(ExitCodes.Connection, inactive.ExitCode);
    }

    [Fact]
    public void Cancellation_passes_through()
    {
        var cancelled = new OperationCanceledException();

        Assert.Same(cancelled, HubError.Translate(cancelled, "StopSession"));
    }
}
