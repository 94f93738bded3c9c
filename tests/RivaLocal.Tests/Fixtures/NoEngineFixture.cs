using Hybrid.RivaLocal.Hosting;

namespace Hybrid.RivaLocal.Tests.Fixtures;

/// <summary>A server whose model files do not exist, so PocketSphinx is unavailable.</summary>
public sealed class NoEngineFixture : RivaLocalFixture
{
    protected override void Configure(RivaLocalOptions options) =>
        options.ModelDirectory = Path.Combine(Path.GetTempPath(), "hybrid-no-such-model-" + Guid.NewGuid().ToString("N"));
}
