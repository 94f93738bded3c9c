namespace Hybrid.Bench.Failover;

/// <summary>
/// Checks a session's finals for loss and duplication: segment ids must run 0, 1, 2, … once each;
/// word times (absolute) must tile the audio sent without gap or overlap; and the client's finals must
/// be the server's stored finals (<c>GET …/transcript?format=json</c>). Texts cannot be compared across
/// a resume with the <c>null</c> model: it names words by their index in its stream, which restarts.
/// </summary>
public sealed record Integrity(List<int> DuplicateIds, List<int> MissingIds, long LostMs, long DuplicatedMs, long TailMs, int ServerFinals, int ClientOnly, int ServerOnly)
{
    public static Integrity Check(SessionRunner r)
    {
        var finals = r.Finals.ToArray();
        var ids = finals.Select(f => f.SegmentId).ToArray();
        var duplicates = ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToList();
        var missing = ids.Length == 0 ? [] : Enumerable.Range(0, ids.Max() + 1).Except(ids).ToList();

        long lost = 0, doubled = 0, covered = 0;
        foreach (var f in finals.Where(f => f.Words > 0).OrderBy(f => f.FirstWordStartMs))
        {
            if (f.FirstWordStartMs > covered)
            {
                lost += f.FirstWordStartMs - covered;
            }
            else if (f.FirstWordStartMs < covered)
            {
                doubled += Math.Min(f.LastWordEndMs, covered) - f.FirstWordStartMs;
            }

            covered = Math.Max(covered, f.LastWordEndMs);
        }

        var sentMs = (r.HighestSeqSent + 1) * SessionRunner.FrameMs;
        var tail = r.StopOutcome == "ok" ? Math.Max(0, sentMs - covered) : 0;

        var serverFinals = -1;
        int clientOnly = 0, serverOnly = 0;
        if (r.ServerTranscript is { } server && server.TryGetProperty("segments", out var segments))
        {
            var serverKeys = segments.EnumerateArray().Select(s =>
            {
                var words = s.GetProperty("words");
                var n = words.GetArrayLength();
                return (s.GetProperty("segmentId").GetInt32(), s.GetProperty("text").GetString() ?? "",
                    n > 0 ? words[0].GetProperty("startMs").GetInt32() : -1, n > 0 ? words[n - 1].GetProperty("endMs").GetInt32() : -1);
            }).ToList();
            serverFinals = serverKeys.Count;
            var clientKeys = finals.Select(f => (f.SegmentId, f.Text, f.FirstWordStartMs, f.LastWordEndMs)).ToList();
            clientOnly = clientKeys.Except(serverKeys).Count();
            serverOnly = serverKeys.Except(clientKeys).Count();
        }

        return new Integrity(duplicates, missing, lost, doubled, tail, serverFinals, clientOnly, serverOnly);
    }
}
