using Hybrid.Protocol;

namespace Hybrid.Gateway.Hubs;

/// <summary>What makes an <c>UploadAudio</c> frame unacceptable, with the code and text the client gets.</summary>
public static class FrameRules
{
    /// <summary>Null when the frame is fine; otherwise the code and message of its <c>Error</c> event.</summary>
    public static (string Code, string Message)? Check(AudioFrame? frame, int maxFrameBytes)
    {
        if (UnreadableFrame.Is(frame))
        {
            return (ErrorCodes.InvalidArgument, "a frame could not be read: send { seq: integer >= 0, pcm: bytes (base64 in JSON, binary in MessagePack) }");
        }

        if (frame is null)
        {
            return (ErrorCodes.InvalidArgument, "a frame was null: send { seq, pcm }");
        }

        if (frame.Seq < 0)
        {
            return (ErrorCodes.InvalidArgument, $"frame {frame.Seq} has a negative seq; frames count up from 0");
        }

        if (frame.Pcm is null || frame.Pcm.Length == 0)
        {
            return (ErrorCodes.InvalidArgument, $"frame {frame.Seq} has no audio");
        }

        if (frame.Pcm.Length > maxFrameBytes)
        {
            return (ErrorCodes.FrameTooLarge,
                $"frame {frame.Seq} has {frame.Pcm.Length} bytes; the limit is {maxFrameBytes} (send ~100 ms = 3200 bytes)");
        }

        if (frame.Pcm.Length % 2 != 0)
        {
            return (ErrorCodes.InvalidArgument, $"frame {frame.Seq} has an odd byte count; PCM16 needs whole samples");
        }

        return null;
    }
}
