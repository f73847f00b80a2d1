using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Segur.Workflows.Engine.Runtime;

namespace Segur.Workflows.Financing;

public static class RequestType
{
    public const string Avance = "avance";
    public const string Solde = "solde";
}

/// <summary>
/// A demande de financement (avance or solde). Its status is the state of its "financing-request"
/// workflow instance; the amounts appear after the first instruction.
/// </summary>
public sealed class FinancingRequest : IWorkflowSubject
{
    public Guid Id { get; init; }

    public Guid SupplierId { get; init; }

    public Guid? EnrolmentId { get; init; }

    /// <summary>The JSON import this request came from.</summary>
    public Guid? ImportId { get; init; }

    /// <summary>The ASP dossier number shared by the avance and the solde (NumeroAsp without its M0/M1 suffix).</summary>
    public string NumeroDossier { get; init; } = "";

    public required string NumeroAsp { get; init; }

    public required string NumeroEditeur { get; init; }

    /// <summary><see cref="RequestType.Avance"/> or <see cref="RequestType.Solde"/>.</summary>
    public required string Type { get; init; }

    public required string NumeroAns { get; init; }

    public required string Siret { get; init; }

    public required string Denomination { get; init; }

    public required string TypeLogiciel { get; init; }

    public required string Couloir { get; init; }

    // The facts a supplier's correction changes: set once by the import, then only by Correct (EF reads the fields).
    private string _regimeTva = "";
    private DateOnly _dateCommande;
    private decimal _montantSegurHTDeclare;
    private decimal? _montantFactureHT;
    private string? _lineJson;

    /// <summary>"HT" or "TTC".</summary>
    public required string RegimeTva { get => _regimeTva; init => _regimeTva = value; }

    public DateOnly DateCommande { get => _dateCommande; init => _dateCommande = value; }

    public decimal MontantSegurHTDeclare { get => _montantSegurHTDeclare; init => _montantSegurHTDeclare = value; }

    public decimal? MontantFactureHT { get => _montantFactureHT; init => _montantFactureHT = value; }

    /// <summary>For a solde: what the avance of the same dossier paid.</summary>
    public decimal? MontantAvanceVerse { get; init; }

    public decimal? MontantRetenuHT { get; private set; }

    public decimal? MontantRetenuTTC { get; private set; }

    public decimal? MontantDecide { get; private set; }

    public required string EmailContact { get; init; }

    /// <summary>The import line as the supplier sent it (beneficiaries, installation scenario, expected documents...).</summary>
    public string? LineJson { get => _lineJson; init => _lineJson = value; }

    /// <summary>Number of the current version; every change of the request makes a new one.</summary>
    public int CurrentVersion { get; private set; } = 1;

    public DateTime CreatedAt { get; init; }

    public DateTime? DeletedAt { get; private set; }

    /// <summary>State code of its "financing-request" instance (e.g. "EnCours"), kept by the engine.</summary>
    public string Status { get; private set; } = "";

    /// <summary>The status as users read it (e.g. "En cours").</summary>
    public string StatusLabel { get; private set; } = "";

    /// <summary>
    /// Whether a version of the request was historised (« Historisée », on cancellation): the table's « Historisée » filter,
    /// held by its indexes (docs/decisions/0181). Set by the same write that adds that version (<see cref="ArchiveVersion"/>),
    /// never unset (versions are kept).
    /// </summary>
    public bool HasArchivedVersion { get; private set; }

    /// <summary>
    /// The state of the request's versement as users read it (e.g. « Paiement effectué »), null without one: the tables'
    /// payment-state filter and their « Statut et paiement » column, held by their indexes (docs/decisions/0203). Written by
    /// the versement in the same write as each change of its state (<see cref="Payments.Payment.OnStateEntered"/>).
    /// </summary>
    public string? PaymentStateLabel { get; private set; }

    public void OnStateEntered(string definitionId, string state, string label)
    {
        Status = state;
        StatusLabel = label;
    }

    public void ApplyAmounts(FinancingAmounts amounts)
    {
        MontantRetenuHT = amounts.RetenuHT;
        MontantRetenuTTC = amounts.RetenuTTC;
        MontantDecide = amounts.Decide;
    }

    /// <summary>Deletes an incomplete request (its documents step was never finished).</summary>
    public void DeleteIncomplete(DateTime now) => DeletedAt ??= now;

    public int StartNewVersion() => ++CurrentVersion;

    /// <summary>The current version is historised (its row added by the caller, in the same write) and a new one starts.</summary>
    public int ArchiveVersion()
    {
        HasArchivedVersion = true;
        return StartNewVersion();
    }

    /// <summary>The request's versement entered the state <paramref name="label"/> (in the same write).</summary>
    public void PaymentStateEntered(string label)
    {
        PaymentStateLabel = label;
    }

    /// <summary>
    /// The supplier's correction, asked for by staff: the request's data becomes <paramref name="lineJson"/> (checked as an
    /// import line beforehand) and a new version starts. The caller keeps the previous version in the history.
    /// </summary>
    public int Correct(string regimeTva, DateOnly dateCommande, decimal montantSegurHT, decimal? montantFactureHT, string lineJson)
    {
        _regimeTva = regimeTva;
        _dateCommande = dateCommande;
        _montantSegurHTDeclare = montantSegurHT;
        _montantFactureHT = Type == RequestType.Solde ? montantFactureHT : null;
        _lineJson = lineJson;
        return StartNewVersion();
    }

    public IReadOnlyDictionary<string, object?> ToFacts() => new Dictionary<string, object?>
    {
        ["numeroAsp"] = NumeroAsp,
        ["numeroEditeur"] = NumeroEditeur,
        ["type"] = Type,
        ["couloir"] = Couloir,
        ["typeLogiciel"] = TypeLogiciel,
        ["numeroAns"] = NumeroAns,
        ["siret"] = Siret,
        ["denomination"] = Denomination,
        ["regimeTva"] = RegimeTva,
        ["dateCommande"] = DateCommande.ToString("yyyy-MM-dd"),
        ["montantSegurHTDeclare"] = MontantSegurHTDeclare,
        ["montantFactureHT"] = MontantFactureHT,
        ["montantRetenuHT"] = MontantRetenuHT,
        ["montantRetenuTTC"] = MontantRetenuTTC,
        ["montantDecide"] = MontantDecide,
        ["montantAvanceVerse"] = MontantAvanceVerse,
        ["emailContact"] = EmailContact,
        ["version"] = CurrentVersion,
    };
}

internal sealed class FinancingRequestConfiguration : IEntityTypeConfiguration<FinancingRequest>
{
    public void Configure(EntityTypeBuilder<FinancingRequest> builder)
    {
        builder.ToTable("FinancingRequests");
        builder.Property(r => r.NumeroAsp).HasMaxLength(30);
        builder.HasIndex(r => r.NumeroAsp).IsUnique();
        builder.Property(r => r.NumeroEditeur).HasMaxLength(100);
        builder.HasIndex(r => new { r.SupplierId, r.NumeroEditeur }).IsUnique();
        builder.Property(r => r.NumeroDossier).HasMaxLength(30);
        builder.HasIndex(r => r.NumeroDossier);
        builder.HasIndex(r => r.ImportId);
        builder.Property(r => r.Status).HasMaxLength(100);
        builder.Property(r => r.StatusLabel).HasMaxLength(200);
        builder.Property(r => r.PaymentStateLabel).HasMaxLength(200);
        builder.HasIndex(r => new { r.SupplierId, r.Status });
        builder.Property(r => r.Type).HasMaxLength(10);
        builder.Property(r => r.NumeroAns).HasMaxLength(50);
        builder.Property(r => r.Siret).HasMaxLength(14);
        builder.Property(r => r.Denomination).HasMaxLength(200);
        builder.Property(r => r.TypeLogiciel).HasMaxLength(30);
        builder.Property(r => r.Couloir).HasMaxLength(50);
        builder.Property(r => r.RegimeTva).HasMaxLength(3);
        builder.Property(r => r.EmailContact).HasMaxLength(200);
        TableIndexes.Configure(builder);
        Instruction.StaffIndexes.Configure(builder);
        foreach (var amount in new[]
                 {
                     nameof(FinancingRequest.MontantSegurHTDeclare), nameof(FinancingRequest.MontantFactureHT),
                     nameof(FinancingRequest.MontantAvanceVerse), nameof(FinancingRequest.MontantRetenuHT),
                     nameof(FinancingRequest.MontantRetenuTTC), nameof(FinancingRequest.MontantDecide),
                 })
        {
            builder.Property(amount).HasPrecision(14, 2);
        }
    }
}
