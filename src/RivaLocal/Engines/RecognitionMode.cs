namespace Hybrid.RivaLocal.Engines;

/// <summary>Riva's model <c>type</c>: streaming (<c>online</c>) or whole-file (<c>offline</c>).</summary>
internal enum RecognitionMode
{
    Online,
    Offline,
}
