using System.Buffers;
using Hybrid.Gateway.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Hybrid.Unit.Tests.Gateway;

public sealed class CodedErrorHubProtocolTests
{
    [Theory]
    [InlineData("An unexpected error occurred invoking 'StartSession' on the server. HubException: capacity_exhausted: all 4 slots are busy",
        "capacity_exhausted: all 4 slots are busy")]
    [InlineData("An unexpected error occurred invoking 'StopSession' on the server.",
        "internal: an unexpected error occurred invoking 'StopSession'; it was logged on the server")]
    [InlineData("Failed to invoke 'StartSession' because user is unauthorized", "unauthorized: not allowed to invoke 'StartSession'")]
    [InlineData("Failed to invoke 'UploadAudio' due to an error on the server. InvalidDataException: Invocation provides 3 argument(s) but target expects 2.",
        "invalid_argument: the arguments of 'UploadAudio' do not match the hub contract")]
    [InlineData("not_found: already coded", "not_found: already coded")]
    public void Errors_start_with_a_stable_code(string signalR, string expected) =>
        Assert.Equal(expected, CodedErrorHubProtocol.Code(signalR));

    [Fact]
    public void Completion_errors_are_rewritten_on_the_wire_and_other_messages_pass_unchanged()
    {
        var inner = new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions()));
        var coded = new CodedErrorHubProtocol(inner);

        var error = Write(coded, CompletionMessage.WithError("7", "An unexpected error occurred invoking 'X' on the server. HubException: not_found: no such session"));
        var result = Write(coded, CompletionMessage.WithResult("8", 42));

        Assert.Contains("\"error\":\"not_found: no such session\"", error);
        Assert.Contains("\"invocationId\":\"7\"", error);
        Assert.Equal(Write(inner, CompletionMessage.WithResult("8", 42)), result);
    }

    private static string Write(IHubProtocol protocol, HubMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(message, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
