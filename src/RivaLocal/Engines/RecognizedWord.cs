namespace Hybrid.RivaLocal.Engines;

/// <summary>A recognised word with times in milliseconds from the start of the stream.</summary>
internal sealed record RecognizedWord(string Word, int StartMs, int EndMs, float Confidence);
