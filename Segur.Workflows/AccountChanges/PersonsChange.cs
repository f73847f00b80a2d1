using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Enrolments;

namespace Segur.Workflows.AccountChanges;

/// <summary>
/// A change of the company's natural persons (legal representative and depositor) with its supporting documents. Its status
/// is the state of its "persons-change" instance; once validated, they are the company's persons.
/// </summary>
public sealed class PersonsChange : IWorkflowSubject, IReviewedChange
{
    public Guid Id { get; init; }

    public Guid SupplierId { get; init; }

    public required Person RepresentantLegal { get; init; }

    public required Person Deposant { get; init; }

    public required string EmailContact { get; init; }

    public required string Denomination { get; init; }

    public required string Siret { get; init; }

    public required string SubmittedBy { get; init; }

    public DateTime SubmittedAt { get; init; }

    public DateTime? ReviewedAt { get; private set; }

    public string? ReviewComment { get; private set; }

    public string? ReviewedBy { get; private set; }

    public string Status { get; private set; } = "";

    public string StatusLabel { get; private set; } = "";

    public void OnStateEntered(string definitionId, string state, string label)
    {
        Status = state;
        StatusLabel = label;
    }

    public void RecordReview(string? comment, DateTime at, string by)
    {
        ReviewComment = comment;
        ReviewedAt = at;
        ReviewedBy = by;
    }

    public IReadOnlyDictionary<string, object?> ToFacts() => new Dictionary<string, object?>
    {
        ["representantLegal"] = $"{RepresentantLegal.Prenom} {RepresentantLegal.Nom}",
        ["deposant"] = $"{Deposant.Prenom} {Deposant.Nom}",
        ["emailRepresentantLegal"] = RepresentantLegal.Email,
        ["emailDeposant"] = Deposant.Email,
        ["emailContact"] = EmailContact,
        ["denomination"] = Denomination,
        ["siret"] = Siret,
    };
}

internal sealed class PersonsChangeConfiguration : IEntityTypeConfiguration<PersonsChange>
{
    public void Configure(EntityTypeBuilder<PersonsChange> builder)
    {
        builder.ToTable("PersonsChanges");
        builder.HasIndex(c => new { c.SupplierId, c.Status });
        builder.OwnsOne(c => c.RepresentantLegal, ConfigurePerson);
        builder.OwnsOne(c => c.Deposant, ConfigurePerson);
        builder.Property(c => c.EmailContact).HasMaxLength(200);
        builder.Property(c => c.Denomination).HasMaxLength(200);
        builder.Property(c => c.Siret).HasMaxLength(14);
        builder.Property(c => c.SubmittedBy).HasMaxLength(100);
        builder.Property(c => c.ReviewComment).HasMaxLength(2000);
        builder.Property(c => c.ReviewedBy).HasMaxLength(100);
        builder.Property(c => c.Status).HasMaxLength(100);
        builder.Property(c => c.StatusLabel).HasMaxLength(200);
    }

    private static void ConfigurePerson(OwnedNavigationBuilder<PersonsChange, Person> person)
    {
        person.Property(x => x.Nom).HasMaxLength(100);
        person.Property(x => x.Prenom).HasMaxLength(100);
        person.Property(x => x.Email).HasMaxLength(200);
        person.Property(x => x.Telephone).HasMaxLength(30);
    }
}
