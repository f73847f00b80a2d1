using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.TestSupport;

/// <summary>Enrolments made through <see cref="EnrolmentApplications"/> and validated by staff on the "enrolment" lifecycle.</summary>
public static class SupplierEnrolments
{
    /// <summary>An IBAN whose key is right (ISO 13616); shown masked as "•••• … •••0 189".</summary>
    public const string Iban = "FR7630006000011234567890189";

    public static SoftwareForm Software(string numeroAns, string typeLogiciel = "LGC", string profils = "DMP,MSSPRO,PSC") => new(
        numeroAns, new DateOnly(2026, 6, 1), typeLogiciel, 1, profils.Split(','),
        new Person("Martin", "Claire", "claire.martin@editeur.example", "0102030405"),
        new Person("Martin", "Claire", "claire.martin@editeur.example", "0102030405"),
        new BankDetails("Éditeur Exemple SAS", Iban, "AGRIFRPP"));

    /// <summary>A complementary enrolment of the demo supplier for another software, "En cours"; returns the demo supplier on that software.</summary>
    public static async Task<DemoSupplier> SubmitComplementaryAsync(SegurApp app, DemoSupplier demo, string numeroAns)
    {
        var actor = await SupplierImports.SupplierAsync(app, demo);
        await app.Services.GetRequiredService<EnrolmentApplications>().SubmitComplementaryAsync(
            Guid.Parse(actor.SupplierId!), Software(numeroAns),
            new Dictionary<string, IncomingFile> { [EnrolmentDocumentKind.CertificatAns] = new("certificat-ans.pdf", new MemoryStream(TestFiles.Pdf())) });
        return demo with { NumeroAns = numeroAns };
    }

    /// <summary>Staff validate the enrolment: financing requests may then be imported for its software.</summary>
    public static async Task ValidateAsync(SegurApp app, string numeroAns)
    {
        Guid instanceId;
        await using (var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext())
        {
            var subjectId = (await db.Enrolments.Where(e => e.NumeroAns == numeroAns).Select(e => e.Id).SingleAsync()).ToString();
            instanceId = await db.WorkflowInstances.Where(i => i.SubjectType == "Enrolment" && i.SubjectId == subjectId).Select(i => i.Id).SingleAsync();
        }

        await app.Services.GetRequiredService<WorkflowRuntime>().FireAsync(new FireRequest(instanceId, "Valider", SupplierImports.Staff));
    }
}
