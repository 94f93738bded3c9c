namespace Hybrid.Cli.Audio;

/// <summary>
/// A streaming band-limited resampler for any pair of rates: Kaiser-windowed sinc interpolation
/// with a low-pass cut below the lower of the two Nyquist frequencies, so downsampling does not
/// alias. The read position is kept as an exact fraction (integer index plus numerator over the
/// reduced output rate), so it never drifts however long the stream runs.
/// </summary>
public sealed class SincResampler
{
    // Kernel table points per input sample; linear interpolation between them is accurate to
    // well below the stop-band level at this density.
    private const int TableResolution = 512;

    private readonly long _step;      // input samples advanced per output, numerator over _den
    private readonly long _den;
    private readonly double _halfWidth; // kernel half-width in input samples
    private readonly float[] _kernel;   // h(|tau|) sampled every 1/TableResolution input samples
    private float[] _buffer = new float[4096];
    private long _bufferStart;          // absolute index of _buffer[0]
    private int _bufferCount;
    private long _received;             // input samples accepted so far
    private long _index;                // integer part of the next output's input position
    private long _fraction;              // fractional part, in units of 1/_den
    private long _produced;
    private bool _flushed;

    /// <param name="inputRate">Sample rate of the input, Hz.</param>
    /// <param name="outputRate">Sample rate wanted, Hz.</param>
    /// <param name="zeroCrossings">Sinc zero crossings kept on each side; more is a sharper filter and more work.</param>
    /// <param name="rolloff">Cut-off as a fraction of the lower Nyquist frequency (0.92 passes speech, stops aliasing).</param>
    /// <param name="kaiserBeta">Kaiser window shape; 8.6 gives roughly 85 dB of stop-band attenuation.</param>
    public SincResampler(int inputRate, int outputRate, int zeroCrossings = 32, double rolloff = 0.92, double kaiserBeta = 8.6)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(zeroCrossings);
        if (rolloff is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rolloff), rolloff, "must be in (0, 1]");
        }

        InputRate = inputRate;
        OutputRate = outputRate;
        var gcd = Gcd(inputRate, outputRate);
        _step = inputRate / gcd;
        _den = outputRate / gcd;

        // Cut-off in cycles per input sample; downsampling moves it below the output's Nyquist.
        var scale = Math.Min(1.0, (double)outputRate / inputRate);
        var cutoff = 0.5 * rolloff * scale;
        _halfWidth = zeroCrossings / (2 * cutoff);
        _kernel = BuildKernel(cutoff, _halfWidth, kaiserBeta);
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>Resamples a whole signal in one call.</summary>
    public static float[] Resample(ReadOnlySpan<float> input, int inputRate, int outputRate)
    {
        if (inputRate == outputRate)
        {
            return input.ToArray();
        }

        var resampler = new SincResampler(inputRate, outputRate);
        var output = new List<float>((int)Math.Min(int.MaxValue, (long)input.Length * outputRate / inputRate + 1));
        resampler.Process(input, output);
        resampler.Flush(output);
        return [.. output];
    }

    /// <summary>Accepts more input and appends every output sample that is now fully determined.</summary>
    public void Process(ReadOnlySpan<float> input, List<float> output)
    {
        if (_flushed)
        {
            throw new InvalidOperationException("the resampler was flushed; create a new one for a new stream");
        }

        Append(input);
        Produce(output, final: false);
    }

    /// <summary>
    /// Ends the stream: treats the signal as silent after the last input and appends the
    /// remaining outputs, for ceil(inputs × outputRate / inputRate) outputs in all.
    /// </summary>
    public void Flush(List<float> output)
    {
        if (_flushed)
        {
            return;
        }

        _flushed = true;
        Produce(output, final: true);
    }

    private void Append(ReadOnlySpan<float> input)
    {
        if (_bufferCount + input.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _bufferCount + input.Length));
        }

        input.CopyTo(_buffer.AsSpan(_bufferCount));
        _bufferCount += input.Length;
        _received += input.Length;
    }

    private void Produce(List<float> output, bool final)
    {
        // Outputs sit at input positions n·in/out; the stream has one for every position before its end.
        var total = final ? CeilDiv(_received * _den, _step) : long.MaxValue;
        while (_produced < total)
        {
            var position = _index + (double)_fraction / _den;
            var last = (long)Math.Floor(position + _halfWidth);
            if (!final && last >= _received)
            {
                break;
            }

            output.Add(Interpolate(position, last));
            _produced++;
            _fraction += _step;
            _index += _fraction / _den;
            _fraction %= _den;
        }

        Trim();
    }

    private float Interpolate(double position, long last)
    {
        // Samples before the stream's start and after its end count as silence.
        var first = Math.Max(0, (long)Math.Ceiling(position - _halfWidth));
        last = Math.Min(last, _received - 1);
        var sum = 0.0;
        var kernel = _kernel;
        for (var k = first; k <= last; k++)
        {
            var x = Math.Abs(position - k) * TableResolution;
            var j = (int)x;
            var h = kernel[j] + (x - j) * (kernel[j + 1] - kernel[j]);
            sum += h * _buffer[k - _bufferStart];
        }

        return (float)sum;
    }

    private void Trim()
    {
        // Keep what the next output's window still reaches back to.
        var keepFrom = Math.Max(0, (long)Math.Floor(_index + (double)_fraction / _den - _halfWidth) - 1);
        var drop = (int)Math.Clamp(keepFrom - _bufferStart, 0, _bufferCount);
        if (drop < 4096 && drop < _bufferCount / 2)
        {
            return;
        }

        Array.Copy(_buffer, drop, _buffer, 0, _bufferCount - drop);
        _bufferCount -= drop;
        _bufferStart += drop;
    }

    private static float[] BuildKernel(double cutoff, double halfWidth, double beta)
    {
        // Two extra points so interpolation at |tau| = halfWidth reads inside the table.
        var length = (int)Math.Ceiling(halfWidth * TableResolution) + 2;
        var table = new float[length];
        var i0Beta = BesselI0(beta);
        for (var j = 0; j < length; j++)
        {
            var tau = (double)j / TableResolution;
            if (tau > halfWidth)
            {
                break;
            }

            var r = tau / halfWidth;
            var window = BesselI0(beta * Math.Sqrt(1 - r * r)) / i0Beta;
            table[j] = (float)(2 * cutoff * Sinc(2 * cutoff * tau) * window);
        }

        return table;
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    // Zeroth-order modified Bessel function of the first kind, by its power series.
    private static double BesselI0(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        var quarterX2 = x * x / 4;
        for (var k = 1; k < 200 && term > sum * 1e-17; k++)
        {
            term *= quarterX2 / ((double)k * k);
            sum += term;
        }

        return sum;
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
