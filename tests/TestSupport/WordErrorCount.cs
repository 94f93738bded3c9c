namespace Hybrid.TestSupport;

/// <summary>Edit distance and reference length of one comparison; add them up to pool clips.</summary>
public readonly record struct WordErrorCount(int Errors, int ReferenceWords)
{
    /// <summary>Errors ÷ reference words (0 when both are empty, 1 per word when only the reference is empty).</summary>
    public double Rate => ReferenceWords == 0 ? Errors : Errors / (double)ReferenceWords;

    /// <summary>Pools two counts.</summary>
    public static WordErrorCount operator +(WordErrorCount left, WordErrorCount right) =>
        new(left.Errors + right.Errors, left.ReferenceWords + right.ReferenceWords);
}
