using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Suppliers;

namespace Segur.Workflows.Enrolments;

/// <summary>
/// The enrolment of one referenced software (one ANS number) by a supplier. Its status is the state of
/// its "enrolment" workflow instance; only a Validée enrolment allows financing requests.
/// </summary>
public sealed class Enrolment : IWorkflowSubject
{
    public Guid Id { get; init; }

    public Guid SupplierId { get; init; }

    public Supplier? Supplier { get; init; }

    public required string NumeroAns { get; init; }

    /// <summary>"initial" or "complementaire".</summary>
    public required string TypeEnrolement { get; init; }

    /// <summary>Software type: LGC, DPI, LGO, RIS, SGL, DUI, PFI, RI...</summary>
    public required string TypeLogiciel { get; init; }

    public required string Couloir { get; init; }

    public int Vague { get; init; } = 1;

    public DateOnly ReferencingDate { get; init; }

    /// <summary>Referenced profiles, comma-separated (e.g. "DMP,MSSPRO,MSSCITOYEN,PSC").</summary>
    public required string Profiles { get; init; }

    public required string EmailDeposant { get; init; }

    public required string EmailRepresentantLegal { get; init; }

    /// <summary>The legal representative and the depositor (natural persons) named in the application.</summary>
    public Person? RepresentantLegal { get; init; }

    public Person? Deposant { get; init; }

    public BankDetails? Banque { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>State code of its "enrolment" instance (e.g. "Validee"), kept by the engine.</summary>
    public string Status { get; private set; } = "";

    public string StatusLabel { get; private set; } = "";

    public void OnStateEntered(string definitionId, string state, string label)
    {
        Status = state;
        StatusLabel = label;
    }

    public IReadOnlyDictionary<string, object?> ToFacts() => new Dictionary<string, object?>
    {
        ["numeroAns"] = NumeroAns,
        ["siret"] = Supplier?.Siret,
        ["denomination"] = Supplier?.Denomination,
        ["typeEnrolement"] = TypeEnrolement,
        ["typeLogiciel"] = TypeLogiciel,
        ["couloir"] = Couloir,
        ["vague"] = Vague,
        ["emailDeposant"] = EmailDeposant,
        ["emailRepresentantLegal"] = EmailRepresentantLegal,
    };
}

/// <summary>A natural person of an enrolment (legal representative, depositor).</summary>
public sealed record Person(string Nom, string Prenom, string Email, string Telephone);

/// <summary>The bank details the payments go to.</summary>
public sealed record BankDetails(string Titulaire, string Iban, string Bic);

internal sealed class EnrolmentConfiguration : IEntityTypeConfiguration<Enrolment>
{
    public void Configure(EntityTypeBuilder<Enrolment> builder)
    {
        builder.ToTable("Enrolments");
        builder.Property(e => e.NumeroAns).HasMaxLength(50);
        builder.HasIndex(e => e.NumeroAns).IsUnique();
        builder.Property(e => e.TypeEnrolement).HasMaxLength(20);
        builder.Property(e => e.TypeLogiciel).HasMaxLength(30);
        builder.Property(e => e.Couloir).HasMaxLength(50);
        builder.Property(e => e.Profiles).HasMaxLength(400);
        builder.Property(e => e.EmailDeposant).HasMaxLength(200);
        builder.Property(e => e.EmailRepresentantLegal).HasMaxLength(200);
        builder.Property(e => e.Status).HasMaxLength(100);
        builder.Property(e => e.StatusLabel).HasMaxLength(200);
        builder.HasIndex(e => new { e.SupplierId, e.Status });
        builder.OwnsOne(e => e.RepresentantLegal, p => ConfigurePerson(p));
        builder.OwnsOne(e => e.Deposant, p => ConfigurePerson(p));
        builder.OwnsOne(e => e.Banque, b =>
        {
            b.Property(x => x.Titulaire).HasMaxLength(200);
            b.Property(x => x.Iban).HasMaxLength(34);
            b.Property(x => x.Bic).HasMaxLength(11);
        });
        builder.HasOne(e => e.Supplier).WithMany().HasForeignKey(e => e.SupplierId);
    }

    private static void ConfigurePerson<TOwner>(OwnedNavigationBuilder<TOwner, Person> person)
        where TOwner : class
    {
        person.Property(x => x.Nom).HasMaxLength(100);
        person.Property(x => x.Prenom).HasMaxLength(100);
        person.Property(x => x.Email).HasMaxLength(200);
        person.Property(x => x.Telephone).HasMaxLength(30);
    }
}
