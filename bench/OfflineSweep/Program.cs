using System.Diagnostics;
using Hybrid.Bench.OfflineSweep;
using Hybrid.RivaLocal.Hosting;
using Hybrid.RivaLocal.PocketSphinx;
using Hybrid.TestSupport;

// Decodes flite recordings (every general sentence plus the digits, one recording per voice) with
// several decoder settings and decode modes, and prints word error rate and real-time factor of each.
// Usage: offline-sweep [voice ...]   (default: awb rms kal16 slt)
var voices = args.Length > 0 ? args : ["awb", "rms", "kal16", "slt"];
NativeMethods.err_set_logfp(IntPtr.Zero);

var recordings = new List<(string Voice, AudioClip Audio, string Text)>();
foreach (var voice in voices)
{
    var composer = new AudioComposer().AddNoise(500);
    foreach (var sentence in TestSentences.General.Append(TestSentences.Digits))
    {
        composer.AddSpeech(await FliteSpeech.SynthesizeAsync(sentence, voice)).AddNoise(700);
    }

    recordings.Add((voice, composer.AddNoise(100).Build(), composer.Transcript));
}

var options = new RivaLocalOptions();
var totalSeconds = recordings.Sum(r => r.Audio.Duration.TotalSeconds);
Console.WriteLine($"corpus: {string.Join(", ", voices)}; {recordings.Count} recordings, {totalSeconds:F1} s, {recordings.Sum(r => r.Text.Split(' ').Length)} words");
Console.WriteLine();
Console.WriteLine($"| settings | mode | {string.Join(" | ", voices)} | total WER | RTF |");
Console.WriteLine($"|---|---|{string.Concat(voices.Select(_ => "---|"))}---|---|");

foreach (var (name, extra) in SweepSettings.All)
{
    var settings = new DecoderSettings(
        options.ResolvedAcousticModelPath, options.ResolvedLanguageModelPath, options.ResolvedDictionaryPath, options.VadThreshold, extra);
    using var decoder = PocketSphinxDecoder.Create(settings);
    foreach (var mode in SweepSettings.Modes(name))
    {
        var errors = new List<WordErrorCount>();
        var clock = Stopwatch.StartNew();
        foreach (var (_, audio, text) in recordings)
        {
            errors.Add(WordErrorRate.Count(text, SweepDecoder.Decode(decoder, audio.Samples, mode)));
        }

        var rtf = clock.Elapsed.TotalSeconds / totalSeconds;
        var total = errors.Aggregate((a, b) => a + b);
        Console.WriteLine($"| {name} | {mode} | {string.Join(" | ", errors.Select(e => $"{e.Rate:P1}"))} | **{total.Rate:P1}** ({total.Errors}/{total.ReferenceWords}) | {rtf:F2} |");
    }
}
