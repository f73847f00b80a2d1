using Segur.Workflows.Financing;

namespace Segur.Workflows.Instruction;

/// <summary>Filters of the staff search over every supplier's financing requests; every filter is optional.</summary>
public sealed record StaffRequestFilter
{
    /// <summary>Part of the numéro ASP or éditeur (used from 3 characters).</summary>
    public string? Numero { get; init; }

    /// <summary>Part of the supplier's dénomination sociale.</summary>
    public string? Fournisseur { get; init; }

    /// <summary>The supplier's SIRET, or its start.</summary>
    public string? Siret { get; init; }

    public string? Type { get; init; }

    /// <summary>Status labels as users read them ("En cours", "Validée"...).</summary>
    public IReadOnlyList<string> Statuts { get; init; } = [];

    public string? EtatPaiement { get; init; }

    /// <summary>Software types (LGC, DPI...).</summary>
    public IReadOnlyList<string> TypesLogiciel { get; init; } = [];

    public DateOnly? Du { get; init; }

    public DateOnly? Au { get; init; }

    /// <summary>The column and direction, as the suppliers' table sorts (<see cref="RequestOrdering"/>).</summary>
    public RequestSort Sort { get; init; } = RequestSort.Default;

    /// <summary>The conditions the suppliers' table has too, applied by <see cref="RequestFiltering"/>.</summary>
    public RequestFilter AsRequestFilter() => new()
    {
        Numero = Numero, Type = Type, Statuts = Statuts, EtatPaiement = EtatPaiement, TypesLogiciel = TypesLogiciel, Du = Du, Au = Au,
    };
}

public sealed record StaffRequestRow(
    string NumeroAsp, string NumeroEditeur, string Denomination, string Siret, string Type, string TypeLogiciel, string Statut,
    string EtatPaiement, decimal MontantSegurHTDeclare, decimal? MontantRetenuHT, decimal? MontantDecide, DateTime DateDepot);

/// <summary>One line of an instance's journal as staff read it: who, when, which action, from which state to which, and why.</summary>
public sealed record JournalLine(
    DateTime At, string ActorId, string ActorName, string Cycle, string Trigger, string Action, string? From, string To,
    IReadOnlyList<(string Label, string Value)> Values);

/// <summary>A stored supporting document, for staff to view or download.</summary>
public sealed record StaffDocument(Guid Id, string FileName, string ContentType, long Size, string? TypeFichier, DateTime UploadedAt);

/// <summary>What the staff detail page reads beside the request itself.</summary>
public sealed record StaffRequestFacts(
    Guid RequestId, Guid SupplierId, string SubjectId, string? PaymentSubjectId, IReadOnlyList<JournalLine> Journal, IReadOnlyList<StaffDocument> Documents);
