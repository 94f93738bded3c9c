using Hybrid.Gateway.Hubs;

namespace Hybrid.Unit.Tests.Gateway;

public sealed class HubErrorTextTests
{
    [Theory]
    [InlineData("Unknown hub method 'Nope'", "invalid_argument: the hub has no method 'Nope'")]
    [InlineData("Unknown hub method 'a b'", "invalid_argument: the hub has no method of that name")]
    [InlineData("Unknown hub method ''", "invalid_argument: the message names no hub method")]
    [InlineData("Failed to invoke 'Nope' due to an error on the server. HubException: Method does not exist.", "invalid_argument: the hub has no method 'Nope'")]
    [InlineData("An unexpected error occurred invoking 'UploadAudio' on the server. HubException: Failed to bind Stream message.", "invalid_argument: a stream item could not be read")]
    [InlineData("An unexpected error occurred invoking 'StopSession' on the server. HubException: Client sent 1 stream(s), Hub method expects 0.",
        "invalid_argument: the call sent 1 stream(s); the method takes 0")]
    [InlineData("Connection closed with an error. HubException: invalid_argument: unreadable", "invalid_argument: unreadable")]
    [InlineData("Connection closed with an error.", "internal: the connection was closed after an error on the server; it was logged")]
    [InlineData("Failed to invoke 'StopSession' due to an error on the server. HubException: not_found: gone", "not_found: gone")]
    public void SignalR_texts_get_a_stable_code(string signalR, string expected) =>
        Assert.Equal(expected, HubErrorText.Code(signalR));

    [Fact]
    public void Only_method_like_names_are_echoed() =>
        Assert.Equal("of that name", HubErrorText.Method(new string('M', 65)));
}
