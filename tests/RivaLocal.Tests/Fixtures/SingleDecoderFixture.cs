using Hybrid.RivaLocal.Hosting;

namespace Hybrid.RivaLocal.Tests.Fixtures;

/// <summary>
/// A server with exactly one PocketSphinx decoder, so every stream and every <c>Recognize</c> call
/// runs on the same native decoder, one after the other.
/// </summary>
public sealed class SingleDecoderFixture : RivaLocalFixture
{
    protected override void Configure(RivaLocalOptions options)
    {
        options.Capacity = 1;
        options.MaxOfflineConcurrency = 1;
        options.MaxDecoders = 1;
    }
}
