using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Segur.Workflows.Engine.Runtime;

namespace Segur.Workflows.Payments;

/// <summary>
/// A versement for a decided request (objet VERSE001). Its état is the state of its "payment" workflow
/// instance; the amount paid must equal the decided amount.
/// </summary>
public sealed class Payment : IWorkflowSubject
{
    public const string Objet = "VERSE001";

    public Guid Id { get; init; }

    public Guid RequestId { get; init; }

    public required string NumeroAsp { get; init; }

    /// <summary>"avance" or "solde".</summary>
    public required string Type { get; init; }

    public decimal MontantDecide { get; init; }

    public DateTime DateValidation { get; init; }

    public DateTime? DateMiseEnPaiement { get; private set; }

    public decimal? MontantPaye { get; private set; }

    public DateOnly? DatePaiement { get; private set; }

    public required string EmailContact { get; init; }

    /// <summary>State code of its "payment" instance (e.g. "PaiementEnCours"), kept by the engine.</summary>
    public string Etat { get; private set; } = "";

    /// <summary>The payment state as users read it (e.g. "Paiement en cours").</summary>
    public string EtatLabel { get; private set; } = "";

    // The request this versement pays, when loaded with it (not mapped: EF maps properties, not this field). Each change of
    // state is written on the request too, in the same write (docs/decisions/0203).
    private Financing.FinancingRequest? _request;

    public void OnStateEntered(string definitionId, string state, string label)
    {
        var request = _request ?? throw new InvalidOperationException(
            $"Le versement {NumeroAsp} change d'état sans sa demande : chargez-le avec elle (PaymentSubjectSource), l'état de paiement de la demande doit changer dans la même écriture.");
        Etat = state;
        EtatLabel = label;
        request.PaymentStateEntered(label);
    }

    /// <summary>The request this versement pays, loaded beside it: its changes of state are noted on the request (<see cref="OnStateEntered"/>).</summary>
    internal void PaysFor(Financing.FinancingRequest request)
    {
        if (request.Id != RequestId)
        {
            throw new InvalidOperationException($"Le versement {NumeroAsp} ne paie pas la demande {request.NumeroAsp}.");
        }

        _request = request;
    }

    /// <summary>
    /// The versement of a decided request; the request notes each of its states
    /// (<see cref="Financing.FinancingRequest.PaymentStateLabel"/>), saved in the same write.
    /// </summary>
    public static Payment ForDecision(Financing.FinancingRequest request, DateTime now)
    {
        var payment = new Payment
        {
            Id = Guid.CreateVersion7(now),
            RequestId = request.Id,
            NumeroAsp = request.NumeroAsp,
            Type = request.Type,
            MontantDecide = request.MontantDecide
                ?? throw new InvalidOperationException($"La demande {request.NumeroAsp} n'a pas de montant décidé."),
            DateValidation = now,
            EmailContact = request.EmailContact,
        };
        payment._request = request;
        return payment;
    }

    /// <summary>The bank details the versement was put into payment to (kept: a later change of bank details does not rewrite it).</summary>
    public Enrolments.BankDetails? Banque { get; private set; }

    public void PutIntoPayment(DateTime now, Enrolments.BankDetails? banque)
    {
        DateMiseEnPaiement = now;
        Banque = banque;
    }

    public void RecordPayment(decimal amount, DateOnly paidOn)
    {
        if (amount != MontantDecide)
        {
            throw new BusinessRuleException(
                $"Le montant payé ({Financing.Euros.Format(amount)}) doit être égal au montant décidé ({Financing.Euros.Format(MontantDecide)}) pour le dossier {NumeroAsp}.");
        }

        MontantPaye = amount;
        DatePaiement = paidOn;
    }

    public IReadOnlyDictionary<string, object?> ToFacts() => new Dictionary<string, object?>
    {
        ["numeroAsp"] = NumeroAsp,
        ["type"] = Type,
        ["objet"] = Objet,
        ["montantDecide"] = MontantDecide,
        ["montantPaye"] = MontantPaye,
        ["dateMiseEnPaiement"] = DateMiseEnPaiement?.ToString("yyyy-MM-dd"),
        ["datePaiement"] = DatePaiement?.ToString("yyyy-MM-dd"),
        ["emailContact"] = EmailContact,
    };
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("Payments");
        builder.Property(p => p.NumeroAsp).HasMaxLength(30);
        builder.Property(p => p.Type).HasMaxLength(10);
        builder.Property(p => p.EmailContact).HasMaxLength(200);
        builder.Property(p => p.MontantDecide).HasPrecision(14, 2);
        builder.Property(p => p.MontantPaye).HasPrecision(14, 2);
        builder.HasIndex(p => p.RequestId);
        // The requests table's payment-state filter reads the set of requests in a state (docs/decisions/0130).
        builder.HasIndex(p => new { p.EtatLabel, p.RequestId });
        builder.Property(p => p.Etat).HasMaxLength(100);
        builder.Property(p => p.EtatLabel).HasMaxLength(200);
        builder.OwnsOne(p => p.Banque, b =>
        {
            b.Property(x => x.Titulaire).HasMaxLength(200);
            b.Property(x => x.Iban).HasMaxLength(34);
            b.Property(x => x.Bic).HasMaxLength(11);
        });
    }
}
