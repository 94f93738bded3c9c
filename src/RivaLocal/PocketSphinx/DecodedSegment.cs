namespace Hybrid.RivaLocal.PocketSphinx;

/// <summary>One segment of the best path, exactly as the decoder reports it.</summary>
/// <param name="Word">Dictionary word, possibly an alternate such as <c>read(2)</c> or a filler.</param>
/// <param name="StartFrame">First frame, counted from <c>ps_start_stream</c>.</param>
/// <param name="EndFrame">Last frame (inclusive).</param>
/// <param name="Posterior">Posterior probability in 0..1.</param>
internal readonly record struct DecodedSegment(string Word, int StartFrame, int EndFrame, double Posterior);
