using Google.Protobuf;
using Nvidia.Riva;
using Nvidia.Riva.Asr;

namespace Hybrid.RivaLocal.Tests;

/// <summary>
/// Golden bytes written by hand from Riva's field numbers and wire types (riva.md §1.3): if a
/// generated type drifted from the Riva protos, real Riva clients would misread it.
/// </summary>
public sealed class WireFormatTests
{
    [Fact]
    public void Streaming_config_request_matches_the_riva_wire_format()
    {
        byte[] golden =
        [
            0x0A, 0x16,                               // 1 streaming_config (LEN 22)
            0x0A, 0x12,                               //   1 config (LEN 18)
            0x08, 0x01,                               //     1 encoding = LINEAR_PCM (1)
            0x10, 0x80, 0x7D,                         //     2 sample_rate_hertz = 16000 (varint)
            0x1A, 0x05, (byte)'e', (byte)'n', (byte)'-', (byte)'U', (byte)'S', // 3 language_code
            0x20, 0x01,                               //     4 max_alternatives = 1
            0x40, 0x01,                               //     8 enable_word_time_offsets = true
            0x58, 0x01,                               //     11 enable_automatic_punctuation = true
            0x10, 0x01,                               //   2 interim_results = true
        ];
        var message = new StreamingRecognizeRequest
        {
            StreamingConfig = new StreamingRecognitionConfig
            {
                Config = new RecognitionConfig
                {
                    Encoding = AudioEncoding.LinearPcm,
                    SampleRateHertz = 16000,
                    LanguageCode = "en-US",
                    MaxAlternatives = 1,
                    EnableWordTimeOffsets = true,
                    EnableAutomaticPunctuation = true,
                },
                InterimResults = true,
            },
        };

        AssertWireEquivalent(golden, message, StreamingRecognizeRequest.Parser);
    }

    [Fact]
    public void Audio_request_with_request_id_matches_the_riva_wire_format()
    {
        byte[] golden =
        [
            0x12, 0x04, 0x01, 0x02, 0xFF, 0x7F,       // 2 audio_content (LEN 4)
            0xA2, 0x06, 0x05,                         // 100 id (tag varint 802, LEN 5)
            0x0A, 0x03, (byte)'a', (byte)'b', (byte)'c', // 1 value = "abc"
        ];
        var message = new StreamingRecognizeRequest
        {
            AudioContent = ByteString.CopyFrom(0x01, 0x02, 0xFF, 0x7F),
            Id = new RequestId { Value = "abc" },
        };

        AssertWireEquivalent(golden, message, StreamingRecognizeRequest.Parser);
    }

    [Fact]
    public void Final_streaming_response_matches_the_riva_wire_format()
    {
        byte[] golden =
        [
            0x0A, 0x2E,                               // 1 results (LEN 46)
            0x0A, 0x25,                               //   1 alternatives (LEN 37)
            0x0A, 0x0B, .."hello world"u8,            //     1 transcript
            0x15, 0x00, 0x00, 0x00, 0x3F,             //     2 confidence = 0.5f (fixed32)
            0x1A, 0x11,                               //     3 words (LEN 17)
            0x08, 0x78,                               //       1 start_time = 120 ms (int32 varint, not a Duration)
            0x10, 0xE0, 0x03,                         //       2 end_time = 480 ms
            0x1A, 0x05, .."hello"u8,                  //       3 word
            0x25, 0x00, 0x00, 0x40, 0x3F,             //       4 confidence = 0.75f
            0x10, 0x01,                               //   2 is_final = true
            0x35, 0x00, 0x00, 0xC0, 0x3F,             //   6 audio_processed = 1.5f seconds (fixed32)
        ];
        var message = new StreamingRecognizeResponse
        {
            Results =
            {
                new StreamingRecognitionResult
                {
                    IsFinal = true,
                    AudioProcessed = 1.5f,
                    Alternatives =
                    {
                        new SpeechRecognitionAlternative
                        {
                            Transcript = "hello world",
                            Confidence = 0.5f,
                            Words = { new WordInfo { StartTime = 120, EndTime = 480, Word = "hello", Confidence = 0.75f } },
                        },
                    },
                },
            },
        };

        AssertWireEquivalent(golden, message, StreamingRecognizeResponse.Parser);
    }

    [Fact]
    public void Offline_result_numbers_audio_processed_differently_from_streaming()
    {
        // SpeechRecognitionResult.audio_processed is field 3 (streaming uses 6).
        byte[] golden = [0x1D, 0x00, 0x00, 0xC0, 0x3F];

        AssertWireEquivalent(golden, new SpeechRecognitionResult { AudioProcessed = 1.5f }, SpeechRecognitionResult.Parser);
    }

    private static void AssertWireEquivalent<T>(byte[] golden, T message, MessageParser<T> parser)
        where T : IMessage<T>
    {
        Assert.Equal(Convert.ToHexString(golden), Convert.ToHexString(message.ToByteArray()));
        Assert.Equal(message, parser.ParseFrom(golden));
    }
}
