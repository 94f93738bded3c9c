namespace Hybrid.Grains.Storage;

/// <summary>Options of <see cref="FileGrainStorage"/>.</summary>
public sealed class FileGrainStorageOptions
{
    /// <summary>Folder that holds one file per grain state.</summary>
    public string RootDirectory { get; set; } = "data/grains";
}
