using Hybrid.RivaLocal.Engines;

namespace Hybrid.RivaLocal.Audio;

/// <summary>
/// Turns streamed <c>audio_content</c> bytes into samples: skips a WAV header at the start of the
/// stream (clients such as Riva's C++ and python file clients send the file bytes as they are) and
/// carries an odd trailing byte over to the next message.
/// </summary>
internal sealed class PcmStreamDecoder
{
    // A header larger than this is not a sane WAV file (it would mean megabytes of metadata).
    private const int MaxHeaderBytes = 1024 * 1024;

    private readonly int _declaredSampleRate;
    private byte[] _header = [];
    private int _headerLength;
    private bool _sniffing = true;
    private long? _remainingDataBytes;
    private bool _hasCarry;
    private byte _carry;
    private short[] _samples = new short[AudioFormat.SamplesPerChunk];

    /// <param name="declaredSampleRate">The config's sample_rate_hertz; 0 means only WAV input (which carries its rate) is acceptable.</param>
    public PcmStreamDecoder(int declaredSampleRate) => _declaredSampleRate = declaredSampleRate;

    /// <summary>True when the stream started with a WAV header.</summary>
    public bool SawWavHeader { get; private set; }

    /// <summary>Decodes one message; the returned span is valid until the next call.</summary>
    /// <exception cref="AudioFormatException">The WAV header is malformed or not PCM16 mono 16 kHz.</exception>
    public ReadOnlySpan<short> Decode(ReadOnlySpan<byte> bytes)
    {
        if (!_sniffing)
        {
            return ToSamples(bytes);
        }

        Append(bytes);
        var buffered = _header.AsSpan(0, _headerLength);
        switch (WavParser.Probe(buffered, out var header))
        {
            case WavProbeResult.Incomplete:
                if (_headerLength > MaxHeaderBytes)
                {
                    throw new AudioFormatException($"the WAV header exceeds {MaxHeaderBytes} bytes without a data chunk");
                }

                return [];
            case WavProbeResult.Complete:
                header!.EnsureSupported();
                if (_declaredSampleRate != 0 && _declaredSampleRate != header.SampleRate)
                {
                    throw new AudioFormatException(
                        $"sample_rate_hertz {_declaredSampleRate} does not match the WAV header's {header.SampleRate} Hz");
                }

                SawWavHeader = true;
                _sniffing = false;
                _remainingDataBytes = header.DataLength;
                return ToSamples(buffered[header.DataOffset..]);
            default:
                EnsureRawPcmAllowed();
                _sniffing = false;
                return ToSamples(buffered);
        }
    }

    /// <summary>Called at half-close; returns samples still held back while looking for a header.</summary>
    public ReadOnlySpan<short> Flush()
    {
        if (!_sniffing || _headerLength == 0)
        {
            return [];
        }

        _sniffing = false;
        if (WavParser.Probe(_header.AsSpan(0, _headerLength), out _) != WavProbeResult.NotWav)
        {
            throw new AudioFormatException("the audio ended inside its WAV header (no data chunk)");
        }

        EnsureRawPcmAllowed();
        return ToSamples(_header.AsSpan(0, _headerLength));
    }

    private void EnsureRawPcmAllowed()
    {
        if (_declaredSampleRate == 0)
        {
            throw new AudioFormatException(
                "sample_rate_hertz is required when the audio has no WAV header (only 16000 Hz is supported)");
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_header.Length < _headerLength + bytes.Length)
        {
            Array.Resize(ref _header, Math.Max(_headerLength + bytes.Length, _header.Length * 2));
        }

        bytes.CopyTo(_header.AsSpan(_headerLength));
        _headerLength += bytes.Length;
    }

    private ReadOnlySpan<short> ToSamples(ReadOnlySpan<byte> bytes)
    {
        if (_remainingDataBytes is { } remaining)
        {
            // Bytes after the declared data chunk (e.g. a trailing LIST chunk) are not audio.
            if (bytes.Length > remaining)
            {
                bytes = bytes[..(int)remaining];
            }

            _remainingDataBytes = remaining - bytes.Length;
        }

        var total = bytes.Length + (_hasCarry ? 1 : 0);
        var count = total / 2;
        if (_samples.Length < count)
        {
            _samples = new short[Math.Max(count, _samples.Length * 2)];
        }

        var output = _samples.AsSpan(0, count);
        if (count > 0 && _hasCarry)
        {
            // Reassemble the sample split across two messages (little-endian: low byte first).
            output[0] = (short)(_carry | (bytes[0] << 8));
            bytes = bytes[1..];
            _hasCarry = false;
            output = output[1..];
        }

        var whole = output.Length * 2;
        Pcm16.CopyTo(bytes[..whole], output);
        if (bytes.Length > whole)
        {
            _carry = bytes[whole];
            _hasCarry = true;
        }

        return _samples.AsSpan(0, count);
    }
}
