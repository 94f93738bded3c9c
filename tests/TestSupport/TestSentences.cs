namespace Hybrid.TestSupport;

/// <summary>
/// Sentences written for this project's recognition tests: everyday vocabulary that the
/// PocketSphinx en-US model covers, spoken well by the flite voices.
/// </summary>
public static class TestSentences
{
    /// <summary>General sentences for WER measurements over multi-sentence audio.</summary>
    public static IReadOnlyList<string> General { get; } =
    [
        "the weather today is sunny with a light breeze from the west",
        "please send the quarterly report to the finance department before friday",
        "our team will meet in the large conference room after lunch",
        "she bought fresh bread and a bottle of milk at the corner store",
        "the train to the city leaves every twenty minutes in the morning",
        "remember to turn off the lights when you leave the office",
        "the children played football in the park until it got dark",
        "he opened the window to let some fresh air into the kitchen",
    ];

    /// <summary>A digits sentence (no "two", which the model hears as "to").</summary>
    public static string Digits { get; } = "the order number is five three eight zero one six";

    /// <summary>A short sentence ending in a distinctive word, for timing and flush tests.</summary>
    public static string Short { get; } = "please send the quarterly report to the finance department before friday";
}
