using Hybrid.Gateway.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Hybrid.Unit.Tests.Gateway;

public sealed class CodedProtocolResolverTests
{
    private static readonly CodedProtocolResolver Resolver = new(
        [new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions()))],
        Options.Create(new HubOptions { MaximumReceiveMessageSize = 1024 }));

    [Fact]
    public void Each_connection_gets_its_own_coded_protocol_so_its_close_reason_stays_its_own()
    {
        var first = Resolver.GetProtocol("json", supportedProtocols: null);
        var second = Resolver.GetProtocol("JSON", supportedProtocols: null);

        Assert.IsType<CodedErrorHubProtocol>(first);
        Assert.NotSame(first, second);
        Assert.Equal("json", Assert.Single(Resolver.AllProtocols).Name);
    }

    [Fact]
    public void Unknown_or_excluded_protocols_are_not_offered()
    {
        Assert.Null(Resolver.GetProtocol("messagepack", supportedProtocols: null));
        Assert.Null(Resolver.GetProtocol("json", supportedProtocols: ["messagepack"]));
    }
}
