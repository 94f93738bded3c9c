namespace Hybrid.Client;

/// <summary>What a received transcript event means for the transcript a client shows.</summary>
public enum TranscriptUpdate
{
    /// <summary>A partial: it replaces the previous partial.</summary>
    Partial,

    /// <summary>A final not seen before: it closes its segment.</summary>
    Final,

    /// <summary>A final whose segment the client already holds (resent after a resume): ignore it.</summary>
    DuplicateFinal,

    /// <summary>A partial of a segment that is already final: ignore it.</summary>
    StalePartial,
}
