using Hybrid.Gateway.Hubs;
using Hybrid.Protocol;

namespace Hybrid.Unit.Tests.Gateway;

public sealed class FrameRulesTests
{
    [Theory]
    [InlineData(-1L, 3200, "invalid_argument")]
    [InlineData(0L, 0, "invalid_argument")]
    [InlineData(0L, 3201, "invalid_argument")]
    [InlineData(0L, 16_002, "frame_too_large")]
    public void Bad_frames_get_their_code(long seq, int bytes, string code) =>
        Assert.Equal(code, FrameRules.Check(new AudioFrame(seq, new byte[bytes]), 16_000)?.Code);

    [Fact]
    public void A_null_frame_and_an_unreadable_one_are_invalid_arguments()
    {
        Assert.Equal(ErrorCodes.InvalidArgument, FrameRules.Check(null, 16_000)?.Code);
        var unreadable = FrameRules.Check(UnreadableFrame.Instance, 16_000);
        Assert.Equal(ErrorCodes.InvalidArgument, unreadable?.Code);
        Assert.Contains("could not be read", unreadable?.Message);
    }

    [Fact]
    public void A_good_frame_passes_and_an_equal_looking_frame_is_not_the_marker()
    {
        Assert.Null(FrameRules.Check(new AudioFrame(0, new byte[16_000]), 16_000));
        Assert.False(UnreadableFrame.Is(new AudioFrame(-1, [])));
    }
}
