using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Documents;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Suppliers;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Enrolments;

public abstract class EnrolmentApplicationsTests(DatabaseKind kind) : IAsyncLifetime
{
    private EngineHost _host = null!;

    private EnrolmentApplications Applications => _host.Services.GetRequiredService<EnrolmentApplications>();

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AFirstEnrolment_CreatesTheCompanyInstructedByStaff_AndItsValidationCreatesTheAccount()
    {
        var (company, software) = Application();

        var id = await Applications.SubmitFirstAsync(company, software, Documents(withMandate: true));

        await using var db = _host.NewContext();
        var enrolment = await db.Enrolments.AsNoTracking().Include(e => e.Supplier).SingleAsync(e => e.Id == id);
        Assert.Equal(("initial", "En cours", "MEDECIN_DE_VILLE", company.Siret), (enrolment.TypeEnrolement, enrolment.StatusLabel, enrolment.Couloir, enrolment.Supplier!.Siret));
        Assert.Equal("FR7630006000011234567890189", enrolment.Banque!.Iban);
        var documents = await db.EnrolmentDocuments.AsNoTracking().Where(d => d.EnrolmentId == id).ToListAsync();
        Assert.Equal(5, documents.Count);
        var storage = _host.Services.GetRequiredService<DocumentStorage>();
        Assert.All(documents, d => Assert.True(File.Exists(storage.PathOf(d.StoragePath))));
        Assert.False(await db.Users.AnyAsync(u => u.SupplierId == enrolment.SupplierId)); // no account before validation

        var instance = await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.SubjectId == id.ToString());
        await _host.FireAsync(instance.Id, "Valider", Subjects.Staff);

        var uidMail = await _host.Mailbox.WaitForAsync(m => (m.Subject ?? "").Contains("identifiant") && m.To.ToString().Contains(software.Deposant.Email));
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.SupplierId == enrolment.SupplierId);
        Assert.Contains(account.UserName!, uidMail.TextBody ?? "");
    }

    [Fact]
    public async Task AComplementaryEnrolment_IsForAnotherSoftwareOfTheSameCompany()
    {
        var (company, software) = Application();
        var first = await Applications.SubmitFirstAsync(company, software, Documents(withMandate: true));
        await using var db = _host.NewContext();
        var supplierId = (await db.Enrolments.AsNoTracking().SingleAsync(e => e.Id == first)).SupplierId;

        var other = software with { NumeroAns = "ANS-" + Guid.NewGuid().ToString("N")[..8], TypeLogiciel = "DPI" };
        var second = await Applications.SubmitComplementaryAsync(supplierId, other, new Dictionary<string, IncomingFile>
        {
            [EnrolmentDocumentKind.CertificatAns] = Pdf("certificat.pdf"),
        });

        var enrolment = await db.Enrolments.AsNoTracking().SingleAsync(e => e.Id == second);
        Assert.Equal(("complementaire", "HOPITAL", supplierId, "En cours"), (enrolment.TypeEnrolement, enrolment.Couloir, enrolment.SupplierId, enrolment.StatusLabel));
    }

    [Fact]
    public async Task AnApplicationWithProblems_IsRefusedWithEveryReason_AndNothingIsStored()
    {
        var (company, software) = Application();
        company = company with { Siret = "1234" };
        software = software with { Banque = software.Banque with { Iban = "FR7630006000011234567890180" } };
        var documents = Documents(withMandate: false);
        documents[EnrolmentDocumentKind.Rib] = new IncomingFile("rib.pdf", new MemoryStream(Encoding.UTF8.GetBytes("pas un pdf")));

        var refused = await Assert.ThrowsAsync<EnrolmentRefusedException>(() => Applications.SubmitFirstAsync(company, software, documents));

        Assert.Contains(refused.Problems, p => p.StartsWith("SIRET : 14 chiffres sont attendus", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.StartsWith("IBAN", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.Contains("Mandat"));
        Assert.Contains(refused.Problems, p => p.Contains("« rib.pdf » n'est pas un PDF"));
        await using var db = _host.NewContext();
        Assert.False(await db.Enrolments.AnyAsync(e => e.NumeroAns == software.NumeroAns));
    }

    [Fact]
    public async Task ACompanyWithAnAccount_IsSentToTheComplementaryForm()
    {
        var (company, software) = Application();
        await Applications.SubmitFirstAsync(company, software, Documents(withMandate: true));

        var again = software with { NumeroAns = "ANS-" + Guid.NewGuid().ToString("N")[..8] };
        var refused = await Assert.ThrowsAsync<EnrolmentRefusedException>(() => Applications.SubmitFirstAsync(company, again, Documents(withMandate: true)));
        Assert.Contains(refused.Problems, p => p.Contains("a déjà un compte"));

        var sameSoftware = await Assert.ThrowsAsync<EnrolmentRefusedException>(() =>
            Applications.SubmitFirstAsync(company with { Siret = NewSiret() }, software, Documents(withMandate: true)));
        Assert.Contains(sameSoftware.Problems, p => p.Contains("a déjà un enrôlement"));
    }

    private static (CompanyForm, SoftwareForm) Application()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return (
            new CompanyForm(NewSiret(), "Éditeur Démo " + suffix, "5 rue de la Santé, 75013 Paris", $"contact-{suffix}@editeur.example"),
            new SoftwareForm(
                "ANS-" + suffix, new DateOnly(2026, 6, 1), "LGC", 1, ["DMP", "MSSPRO", "PSC"],
                new Person("Martin", "Claire", $"claire.martin-{suffix}@editeur.example", "0102030405"),
                new Person("Durand", "Paul", $"paul.durand-{suffix}@editeur.example", "0102030406"),
                new Segur.Workflows.Enrolments.BankDetails("Éditeur Démo", "FR76 3000 6000 0112 3456 7890 189", "AGRIFRPP")));
    }

    /// <summary>13 random digits and the Luhn key that makes a valid SIRET.</summary>
    private static string NewSiret()
    {
        var body = Random.Shared.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString();
        for (var key = 0; ; key++)
        {
            if (SiretNumbers.Problem(body + key) is null)
            {
                return body + key;
            }
        }
    }

    private static Dictionary<string, IncomingFile> Documents(bool withMandate)
    {
        var documents = new Dictionary<string, IncomingFile>
        {
            [EnrolmentDocumentKind.CertificatAns] = Pdf("certificat-ans.pdf"),
            [EnrolmentDocumentKind.PieceIdentite] = new("cni.png", new MemoryStream([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])),
            [EnrolmentDocumentKind.Rib] = Pdf("rib.pdf"),
            [EnrolmentDocumentKind.AttestationTva] = Pdf("tva.pdf"),
        };
        if (withMandate)
        {
            documents[EnrolmentDocumentKind.Mandat] = Pdf("mandat.pdf");
        }

        return documents;
    }

    private static IncomingFile Pdf(string name) => new(name, new MemoryStream(Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF")));
}

public sealed class SqliteEnrolmentApplicationsTests() : EnrolmentApplicationsTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlEnrolmentApplicationsTests() : EnrolmentApplicationsTests(DatabaseKind.PostgreSql);
