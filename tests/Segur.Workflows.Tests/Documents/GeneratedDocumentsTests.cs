using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Documents;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.TestSupport.Decisions;

namespace Segur.Workflows.Tests.Documents;

/// <summary>The décision d'attribution and the avis de paiement, made as PDF by the fires and stored with the request's documents.</summary>
public abstract class GeneratedDocumentsTests(DatabaseKind kind) : IAsyncLifetime
{
    private EngineHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TheDecision_StoresTheDecisionLetter_WithTheReferencesAndTheAmounts()
    {
        var (request, instance) = await ValidatedAsync(_host);

        var decided = await DecideAsync(_host, instance);

        Assert.Contains(decided.Reports, r => r.Contains($"décision d'attribution « decision-attribution-{request.NumeroAsp}.pdf » établie"));
        var (document, pdf) = await StoredAsync(request.Id, GeneratedDocuments.DecisionType);
        Assert.Equal(("application/pdf", "ASP", pdf.Length), (document.ContentType, document.UploadedBy, (int)document.Size));
        Assert.Equal(1, PdfText.PageCount(pdf));
        var text = PdfText.Read(pdf);
        Assert.Contains("Décision d'attribution de financement", text);
        Assert.Contains(request.NumeroAsp, text);
        Assert.Contains(request.NumeroEditeur, text);
        Assert.Contains($"SIRET {request.Siret}", text);
        Assert.Contains("Éditeur Test", text);
        Assert.Contains("LGC – référencement ANS n° ANS-TEST-0001", text);
        Assert.Contains("1 000,00 €", text);  // declared and retained HT
        Assert.Contains("1 200,00 €", text);  // retained in the TTC regime
        Assert.Contains("360,00 €", text);    // decided: 30 % of the TTC engagement
        Assert.Contains("enveloppe « Médecin de ville – 2026 » (MDV-2026)", text);
        Assert.Contains("Fait à Limoges, le 01/10/2026", text);
    }

    [Fact]
    public async Task ThePayment_StoresTheAvisDePaiement_WithTheAmountPaidAndItsDate()
    {
        var (request, instance) = await ValidatedAsync(_host);
        await DecideAsync(_host, instance);
        var payment = await PaymentInstanceAsync(_host, request.Id);
        await _host.FireAsync(payment, "MettreEnPaiement", Subjects.Staff);

        await _host.FireAsync(payment, "EnregistrerPaiement", Subjects.Staff, ("montantPaye", 360m), ("datePaiement", "2026-10-20"));

        var (document, pdf) = await StoredAsync(request.Id, GeneratedDocuments.PaymentNoticeType);
        Assert.Equal($"avis-de-paiement-avance-{request.NumeroAsp}.pdf", document.FileName);
        var text = PdfText.Read(pdf);
        Assert.Contains("Avis de paiement", text);
        Assert.Contains("Nous vous informons que la somme de 360,00 € a été versée le 20/10/2026 à Éditeur Test", text);
        Assert.Contains("VERSE001", text);
        Assert.Contains("Montant payé", text);
        Assert.Contains("1 200,00 €", text);
        Assert.Contains("20/10/2026", text);
    }

    [Fact]
    public async Task ADryRunOfTheDecision_WritesNoFile()
    {
        var (request, instance) = await ValidatedAsync(_host);

        var dry = await _host.Runtime.DryRunAsync(new Workflows.Engine.Runtime.FireRequest(instance, "Decider", Subjects.Staff));

        Assert.Null(dry.Error);
        Assert.Contains(dry.Reports, r => r.StartsWith("GenerateDecisionDocument"));
        var folder = Path.Combine(_host.TestDatabase.Folder, "files", request.Id.ToString("N"));
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any());
        await using var db = _host.NewContext();
        Assert.False(await db.RequestDocuments.AnyAsync(d => d.RequestId == request.Id));
    }

    private async Task<(RequestDocument Document, byte[] Pdf)> StoredAsync(Guid requestId, string type)
    {
        await using var db = _host.NewContext();
        var document = await db.RequestDocuments.AsNoTracking().SingleAsync(d => d.RequestId == requestId && d.TypeFichier == type);
        await using var content = _host.Services.GetRequiredService<DocumentStorage>().OpenRead(document);
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        return (document, copy.ToArray());
    }
}

public sealed class SqliteGeneratedDocumentsTests() : GeneratedDocumentsTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlGeneratedDocumentsTests() : GeneratedDocumentsTests(DatabaseKind.PostgreSql);
