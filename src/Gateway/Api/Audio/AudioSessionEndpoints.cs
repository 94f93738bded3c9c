using Hybrid.Gateway.Api.Transcripts;
using Hybrid.Gateway.Hubs;
using Hybrid.Gateway.Security;
using Hybrid.Grains.Interfaces.Live;
using Hybrid.Grains.Interfaces.Recording;
using Hybrid.Grains.Interfaces.Users;
using Hybrid.Protocol;

namespace Hybrid.Gateway.Api.Audio;

/// <summary>
/// The storage path (see docs/api.md): sessions, chunk upload URLs, verified completes, the manifest,
/// missing chunks, deletes and transcripts. Every call is scoped to the token's user; the session
/// grain answers someone else's session exactly like a missing one (404).
/// </summary>
public static class AudioSessionEndpoints
{
    private const long SmallBody = 16 * 1024;

    public static IEndpointRouteBuilder MapAudioSessions(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/audio/sessions").RequireAuthorization().RequireRateLimiting(RateLimits.Api);

        sessions.MapPost("/", async (CreateSessionBody? body, HttpContext http, IClusterClient cluster) =>
        {
            var id = body?.SessionId ?? Guid.NewGuid().ToString("N");
            if (!StartRequestValidator.IsValidSessionId(id))
            {
                return Problems.BadRequest(ErrorCodes.InvalidArgument, "sessionId must be 8-64 letters, digits, '_' or '-'");
            }

            var options = new RecordingOptions(body?.Codec ?? "webm/opus", body?.SampleRate ?? 48000, body?.ChunkSeconds ?? 5);
            return await ApiErrors.Run(
                () => cluster.GetGrain<ISessionGrain>(id).CreateRecording(http.User.UserId(), options),
                info => Results.Created($"/api/audio/sessions/{info.SessionId}", info));
        }).WithBodyLimit(SmallBody);

        sessions.MapGet("/", async (int? limit, string? after, HttpContext http, IClusterClient cluster) =>
            Results.Ok(await cluster.GetGrain<IUserGrain>(http.User.UserId()).List(limit ?? 50, after)));

        sessions.MapGet("/{id}", (string id, HttpContext http, IClusterClient cluster) =>
            WithSession(id, http, cluster, (grain, user) => ApiErrors.Run(() => grain.GetManifest(user), Results.Ok)));

        sessions.MapPost("/{id}/chunks/presign", (string id, ChunkPresignRequest body, HttpContext http, IClusterClient cluster) =>
            WithSession(id, http, cluster, (grain, user) => ApiErrors.Run(() => grain.PresignChunk(user, body), Results.Ok)))
            .WithBodyLimit(SmallBody);

        sessions.MapPost("/{id}/chunks/complete", (string id, ChunkCompleteRequest body, HttpContext http, IClusterClient cluster) =>
            WithSession(id, http, cluster, (grain, user) => ApiErrors.Run(() => grain.CompleteChunk(user, body), Results.Ok)))
            .WithBodyLimit(256 * 1024);

        sessions.MapPost("/{id}/finalize", (string id, HttpContext http, IClusterClient cluster) =>
            WithSession(id, http, cluster, (grain, user) => ApiErrors.Run(() => grain.Finalize(user), Results.Ok)))
            .WithBodyLimit(SmallBody);

        sessions.MapGet("/{id}/missing-chunks", (string id, HttpContext http, IClusterClient cluster) =>
            WithSession(id, http, cluster, (grain, user) => ApiErrors.Run(() => grain.GetMissingChunks(user), Results.Ok)));

        sessions.MapGet("/{id}/chunks/{seq:int}/url", (string id, int seq, HttpContext http, IClusterClient cluster) =>
            WithSession(id, http, cluster, (grain, user) => ApiErrors.Run(() => grain.GetChunkDownload(user, seq), Results.Ok)));

        sessions.MapDelete("/{id}/chunks/{seq:int}", (string id, int seq, HttpContext http, IClusterClient cluster) =>
            WithSession(id, http, cluster, (grain, user) => ApiErrors.Run(async () =>
            {
                await grain.DeleteChunk(user, seq);
                return true;
            }, _ => Results.NoContent())));

        sessions.MapDelete("/{id}", (string id, HttpContext http, IClusterClient cluster) =>
            WithSession(id, http, cluster, (grain, user) => ApiErrors.Run(async () =>
            {
                await grain.Delete(user);
                return true;
            }, _ => Results.NoContent())));

        sessions.MapGet("/{id}/transcript", (string id, string? format, string? pass, HttpContext http, IClusterClient cluster) =>
            WithSession(id, http, cluster, (grain, user) => ApiErrors.Run(() => grain.GetSnapshot(user), snapshot =>
                TranscriptFormatter.Render(snapshot, format ?? "json", pass ?? "live"))));

        app.MapPost("/api/transcription/link", (TranscriptLinkRequest body, HttpContext http, IClusterClient cluster) =>
            WithSession(body.SessionId, http, cluster, (grain, user) => ApiErrors.Run(() => grain.LinkTranscript(user, body), Results.Ok)))
            .RequireAuthorization().RequireRateLimiting(RateLimits.Api).WithBodyLimit(1024 * 1024);
        return app;
    }

    private static async Task<IResult> WithSession(string? id, HttpContext http, IClusterClient cluster, Func<ISessionGrain, string, Task<IResult>> action)
    {
        // A malformed id is just a session that does not exist; nothing reaches the grain or a key.
        if (!StartRequestValidator.IsValidSessionId(id))
        {
            return Problems.Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "no such session");
        }

        return await action(cluster.GetGrain<ISessionGrain>(id), http.User.UserId());
    }
}
