using System.Threading.Channels;
using Hybrid.Integration.Tests.Infrastructure;
using Hybrid.Protocol;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hybrid.Integration.Tests.Faults;

/// <summary>Streams frames through one <c>UploadAudio</c> call at the pace of a live microphone.</summary>
public static class PacedUpload
{
    /// <summary>
    /// Sends one 100 ms frame per 100 ms. <paramref name="beforeFrame"/> runs before frame i is sent
    /// (to inject a fault at a point of the speech); when it returns false the upload ends there.
    /// </summary>
    public static async Task RunAsync(HubClient client, string sessionId, IReadOnlyList<AudioFrame> frames, Func<int, bool> beforeFrame)
    {
        var channel = Channel.CreateUnbounded<AudioFrame>();
        var upload = client.Connection.InvokeAsync(HubNames.UploadAudio, sessionId, channel.Reader);
        // Pacing, not synchronisation: a microphone delivers audio no faster than it is spoken.
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        for (var i = 0; i < frames.Count && beforeFrame(i); i++)
        {
            await channel.Writer.WriteAsync(frames[i]);
            await pace.WaitForNextTickAsync();
        }

        channel.Writer.Complete();
        await upload;
    }
}
