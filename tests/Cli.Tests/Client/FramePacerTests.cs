using Hybrid.Cli.Connection;
using Hybrid.Client;

namespace Hybrid.Cli.Tests.Client;

public sealed class FramePacerTests
{
    [Fact]
    public void Due_times_are_absolute_offsets_from_the_start_so_lateness_does_not_accumulate()
    {
        var pacer = new FramePacer(100);

        Assert.Equal(TimeSpan.Zero, pacer.DueAt(0));
        Assert.Equal(TimeSpan.FromMilliseconds(100), pacer.DueAt(1));
        Assert.Equal(TimeSpan.FromSeconds(360), pacer.DueAt(3_600));
    }

    [Fact]
    public async Task A_frame_already_due_does_not_wait()
    {
        var pacer = new FramePacer(100);
        pacer.Start();

        // Frame 0 is due at once; a cancelled token would throw if the pacer tried to wait.
        await pacer.WaitForAsync(0, new CancellationToken(canceled: true));
    }
}
