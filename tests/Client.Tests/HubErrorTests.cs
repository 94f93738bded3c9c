using System.Net.Sockets;
using Hybrid.Client;
using Hybrid.Protocol;
using Microsoft.AspNetCore.SignalR;

namespace Hybrid.Client.Tests;

public sealed class HubErrorTests
{
    [Fact]
    public void Reads_the_code_behind_the_wrapper_the_dotnet_client_adds()
    {
        var (code, text) = HubErrorParser.Parse("An unexpected error occurred invoking 'UploadAudio' on the server. HubException: resume_required: the session's node was lost");

        Assert.Equal(ErrorCodes.ResumeRequired, code);
        Assert.Equal("the session's node was lost", text);
        Assert.Equal(("not_found", "no such session"), HubErrorParser.Parse("not_found: no such session"));
        Assert.Equal((HubErrorParser.UnknownCode, "Something broke."), HubErrorParser.Parse("Something broke."));
    }

    [Fact]
    public void A_coded_hub_failure_is_a_typed_exception_that_knows_whether_to_resume()
    {
        var resume = Assert.IsType<HubCallException>(HubFailures.Translate(new HubException("resume_required: moved"), HubNames.UploadAudio));
        Assert.Equal(ErrorCodes.ResumeRequired, resume.Code);
        Assert.Equal(HubNames.UploadAudio, resume.Operation);
        Assert.Equal("UploadAudio failed: resume_required: moved", resume.Message);
        Assert.True(resume.RequiresResume);
        Assert.True(HubFailures.IsResumable(new HubException("session_ended: the session is stopped")));

        var refused = Assert.IsType<HubCallException>(HubFailures.Translate(new HubException("invalid_argument: sampleRate 8000"), HubNames.StartSession));
        Assert.False(refused.RequiresResume);
        Assert.False(HubFailures.IsResumable(new HubException("not_found: no such session")));
    }

    [Fact]
    public void A_transport_failure_is_a_connection_exception_and_resumable()
    {
        Assert.IsType<HubConnectionException>(HubFailures.Translate(new SocketException(), HubNames.UploadAudio));
        Assert.IsType<HubConnectionException>(HubFailures.Translate(new InvalidOperationException("The 'InvokeCoreAsync' method cannot be called if the connection is not active"), HubNames.StopSession));
        Assert.True(HubFailures.IsResumable(new IOException("reset")));
    }

    [Fact]
    public void Cancellation_and_unknown_failures_pass_through()
    {
        var cancelled = new OperationCanceledException();
        Assert.Same(cancelled, HubFailures.Translate(cancelled, HubNames.StopSession));
        var bug = new NullReferenceException();
        Assert.Same(bug, HubFailures.Translate(bug, HubNames.StopSession));
        Assert.False(HubFailures.IsResumable(bug));
    }
}
