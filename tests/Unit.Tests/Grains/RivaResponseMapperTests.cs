using Hybrid.Grains.Asr;
using Nvidia.Riva.Asr;

namespace Hybrid.Unit.Tests.Grains;

public sealed class RivaResponseMapperTests
{
    [Fact]
    public void Maps_the_top_alternative_with_ms_times_and_seconds_processed()
    {
        var response = new StreamingRecognizeResponse();
        var result = new StreamingRecognitionResult { IsFinal = true, AudioProcessed = 2.345f, Stability = 0f };
        var best = new SpeechRecognitionAlternative { Transcript = " hello world ", Confidence = 0.9f };
        best.Words.Add(new WordInfo { Word = "hello", StartTime = 120, EndTime = 480, Confidence = 0.8f });
        best.Words.Add(new WordInfo { Word = "world", StartTime = 500, EndTime = 900, Confidence = 0.7f });
        result.Alternatives.Add(best);
        result.Alternatives.Add(new SpeechRecognitionAlternative { Transcript = "yellow world" });
        response.Results.Add(result);

        var mapped = Assert.Single(RivaResponseMapper.Map(response));

        Assert.True(mapped.IsFinal);
        Assert.Equal("hello world", mapped.Text);
        Assert.Equal(2345, mapped.AudioProcessedMs);
        Assert.Equal(["hello", "world"], mapped.Words.Select(w => w.Word));
        Assert.Equal([120, 500], mapped.Words.Select(w => w.StartMs));
        Assert.Equal(900, mapped.Words[^1].EndMs);
    }

    [Fact]
    public void Skips_empty_responses_and_vad_only_results()
    {
        var response = new StreamingRecognizeResponse();
        var vad = new StreamingRecognitionResult { PipelineStates = new PipelineStates() };
        vad.PipelineStates.VadProbabilities.Add(0.4f);
        response.Results.Add(vad);

        Assert.Empty(RivaResponseMapper.Map(response));
        Assert.Empty(RivaResponseMapper.Map(new StreamingRecognizeResponse()));
    }
}
