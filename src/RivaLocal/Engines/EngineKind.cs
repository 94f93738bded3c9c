namespace Hybrid.RivaLocal.Engines;

/// <summary>Which recognizer implementation serves a model.</summary>
internal enum EngineKind
{
    PocketSphinx,
    Null,
}
