namespace Hybrid.RivaLocal.PocketSphinx;

/// <summary>Model files and tuning used to create every decoder of a pool.</summary>
internal sealed record DecoderSettings(
    string AcousticModelPath,
    string LanguageModelPath,
    string DictionaryPath,
    double VadThreshold,
    IReadOnlyList<string>? ExtraArguments = null)
{
    /// <summary>
    /// The <c>cmd_ln_parse_r</c> argv. No <c>-logfn</c>: sphinxbase keeps one process-wide log
    /// FILE* and <c>err_set_logfile</c> fcloses the previous one, so a decoder created while another
    /// thread decodes could write to a closed FILE. Logging is disabled once, globally, instead.
    /// </summary>
    public IReadOnlyList<string> ToArguments() =>
    [
        "-hmm", AcousticModelPath,
        "-lm", LanguageModelPath,
        "-dict", DictionaryPath,
        "-vad_threshold", VadThreshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        .. ExtraArguments ?? [],
    ];

    /// <summary>Describes the first missing model file, or returns null when all exist.</summary>
    /// <remarks>
    /// Checked up front because several sphinxbase loaders call <c>exit()</c> (E_FATAL) on a
    /// missing file instead of returning an error.
    /// </remarks>
    public string? FindMissingFile()
    {
        if (!Directory.Exists(AcousticModelPath))
        {
            return $"acoustic model directory '{AcousticModelPath}' does not exist";
        }

        foreach (var name in new[] { "mdef", "means", "variances", "transition_matrices", "feat.params" })
        {
            var path = Path.Combine(AcousticModelPath, name);
            if (!File.Exists(path))
            {
                return $"acoustic model file '{path}' does not exist";
            }
        }

        if (!File.Exists(LanguageModelPath))
        {
            return $"language model '{LanguageModelPath}' does not exist";
        }

        return File.Exists(DictionaryPath) ? null : $"dictionary '{DictionaryPath}' does not exist";
    }
}
