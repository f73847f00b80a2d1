namespace Segur.Workflows.Imports;

/// <summary>A file to import (or to simulate) for a supplier.</summary>
public sealed record ImportSubmission(Guid SupplierId, string ActorId, string FileName, byte[] Content, bool Simulation);

/// <summary>The outcome of a file that was read: per line, retained or rejected; the returned file.</summary>
public sealed record ImportResult(
    long? ImportNumber,
    string Type,
    string NumeroAns,
    int Lines,
    int Retained,
    int Rejected,
    IReadOnlyList<LineResult> LineResults,
    string ReturnedJson,
    bool Simulation);

public sealed record LineResult(int Index, int? NumLigne, string? NumeroEditeur, string? NumeroAsp, string Code, string Message);

/// <summary>The whole file is refused: nothing was stored. Every reason is given, in French.</summary>
public sealed class ImportRefusedException(IReadOnlyList<string> errors)
    : Exception("Le fichier est refusé : " + string.Join(" ; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
