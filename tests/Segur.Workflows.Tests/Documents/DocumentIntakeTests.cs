using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Financing;
using Segur.Workflows.Suppliers;
using Segur.Workflows.Tests.Imports;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.Documents.DocumentTestFiles;
using static Segur.Workflows.Tests.TestSupport.Subjects;

namespace Segur.Workflows.Tests.Documents;

/// <summary>The documents step against a real database and the real financing-request definition, on each database.</summary>
public abstract class DocumentIntakeTests(DatabaseKind kind) : IAsyncLifetime
{
    private EngineHost _host = null!;

    private DocumentIntake Intake => _host.Services.GetRequiredService<DocumentIntake>();

    private string FilesFolder => Path.Combine(_host.TestDatabase.Folder, "files");

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Pdf_Png_AndJpeg_AreStored_AndTheCompleteRequestGoesToEnCours()
    {
        var (supplier, actor) = await NewSupplierAsync();
        var (request, instance) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-1", "bon.pdf", "photo.png", "scan.jpg");
        var pdf = Pdf();

        var added = await Intake.AddToRequestAsync(actor, request.NumeroAsp,
            [File("bon.pdf", pdf), File("photo.png", Png()), File(@"C:\scans\scan.jpg", Jpeg())]);

        Assert.Equal(["bon.pdf", "photo.png", "scan.jpg"], added.FilesAdded);
        Assert.Empty(added.MissingFiles);
        Assert.True(added.IsComplete);
        Assert.Equal(("EnCours", "En cours"), (added.Status, added.StatusLabel));
        Assert.Null(added.Problem);

        var documents = await DocumentsAsync(request.Id);
        Assert.Equal(["application/pdf", "image/jpeg", "image/png"], documents.Select(d => d.ContentType).Order());
        var bon = documents.Single(d => d.FileName == "bon.pdf");
        Assert.Equal("BON_COMMANDE", bon.TypeFichier);
        Assert.Equal(actor.Id, bon.UploadedBy);
        Assert.Equal(pdf, await System.IO.File.ReadAllBytesAsync(Path.Combine(FilesFolder, bon.StoragePath)));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), bon.Sha256);

        Assert.Equal("EnCours", (await _host.InstanceAsync(instance)).State);
        Assert.Equal(["Demarrer", "CompleterPieces"], (await _host.JournalAsync(instance)).Select(j => j.Trigger));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(FilesFolder, ".staging")));
    }

    [Fact]
    public async Task AFileNamedPdfThatIsNotAPdf_IsRefused_AndNothingIsStored()
    {
        var (supplier, actor) = await NewSupplierAsync();
        var (request, instance) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-1", "bon.pdf", "facture.pdf");

        var refused = await Assert.ThrowsAsync<DocumentsRefusedException>(() => Intake.AddToRequestAsync(actor, request.NumeroAsp,
            [File("bon.pdf", Pdf()), File("facture.pdf", Text())]));

        Assert.Contains("« facture.pdf » n'est pas un PDF, un JPEG ni un PNG valide", refused.Message);
        Assert.IsAssignableFrom<WorkflowException>(refused);
        await AssertNothingStoredAsync(request.Id);
        Assert.Equal("NonCompletee", (await _host.InstanceAsync(instance)).State);
    }

    [Fact]
    public async Task APartialUpload_LeavesTheRequestNonCompletee_AndSaysWhatIsMissing_ThenCompletingItMovesItOn()
    {
        var (supplier, actor) = await NewSupplierAsync();
        var (request, instance) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-1", "bon.pdf", "facture.pdf", "rib.pdf");

        var partial = await Intake.AddToRequestAsync(actor, request.NumeroAsp, [File("bon.pdf", Pdf())]);
        Assert.Equal(["facture.pdf", "rib.pdf"], partial.MissingFiles);
        Assert.False(partial.IsComplete);
        Assert.Equal(("NonCompletee", "Non complétée"), (partial.Status, partial.StatusLabel));
        Assert.Equal("NonCompletee", (await _host.InstanceAsync(instance)).State);

        var checklist = await Intake.GetChecklistAsync(actor, request.NumeroAsp);
        Assert.Equal([true, false, false], checklist.Expected.Select(e => e.Present));
        Assert.True(checklist.CanReceiveDocuments);

        // Names are compared without case; a zip of the request's files counts as its files.
        var completed = await Intake.AddToRequestAsync(actor, request.NumeroAsp,
            [File("FACTURE.PDF", Pdf()), File("reste.zip", Zip(("dossier/rib.pdf", Pdf())))]);
        Assert.Equal(["FACTURE.PDF", "rib.pdf"], completed.FilesAdded);
        Assert.Empty(completed.MissingFiles);
        Assert.Equal("En cours", completed.StatusLabel);
        Assert.Equal("EnCours", (await _host.InstanceAsync(instance)).State);
        Assert.Equal("CompleterPieces", (await _host.JournalAsync(instance))[^1].Trigger);
    }

    [Fact]
    public async Task ARequestExpectingNoFileInParticular_IsCompleteWithItsFirstDocument()
    {
        var (supplier, actor) = await NewSupplierAsync();
        var (request, instance) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-1");

        var added = await Intake.AddToRequestAsync(actor, request.NumeroAsp, [File("scan.jpg", Jpeg())]);

        Assert.True(added.IsComplete);
        Assert.Equal("EnCours", (await _host.InstanceAsync(instance)).State);
    }

    [Fact]
    public async Task AnotherSuppliersRequest_OrAnUnknownOne_IsNotFound()
    {
        var (owner, _) = await NewSupplierAsync();
        var (request, _) = await DocumentSubjects.NewRequestAsync(_host, owner, "BDC-1", "bon.pdf");
        var (_, intruder) = await NewSupplierAsync();

        var notFound = await Assert.ThrowsAsync<RequestNotFoundException>(() => Intake.AddToRequestAsync(intruder, request.NumeroAsp, [File("bon.pdf", Pdf())]));
        Assert.Equal($"La demande n° {request.NumeroAsp} est introuvable.", notFound.Message);
        await Assert.ThrowsAsync<RequestNotFoundException>(() => Intake.AddToRequestAsync(intruder, "ASP0000000000M0", [File("bon.pdf", Pdf())]));
        await Assert.ThrowsAsync<RequestNotFoundException>(() => Intake.GetChecklistAsync(intruder, request.NumeroAsp));
        await AssertNothingStoredAsync(request.Id);

        // Nor does the intruder's zip reach it, even naming its numéro éditeur.
        var refused = await Assert.ThrowsAsync<DocumentsRefusedException>(() => Intake.AddZipAsync(intruder, File("pieces.zip", Zip(("BDC-1/bon.pdf", Pdf())))));
        Assert.Contains("ne correspond à aucune demande", refused.Message);
        await AssertNothingStoredAsync(request.Id);
    }

    [Fact]
    public async Task ADeletedRequest_IsNotFound()
    {
        var (supplier, actor) = await NewSupplierAsync();
        var (request, instance) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-1", "bon.pdf");
        await _host.FireAsync(instance, "Supprimer", actor);

        await Assert.ThrowsAsync<RequestNotFoundException>(() => Intake.AddToRequestAsync(actor, request.NumeroAsp, [File("bon.pdf", Pdf())]));
    }

    [Fact]
    public async Task DocumentsAddedWhileADocumentIsAwaited_SendTheRequestBackToEnCours()
    {
        var (supplier, actor) = await NewSupplierAsync();
        var (request, instance) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-1", "bon.pdf");
        await Intake.AddToRequestAsync(actor, request.NumeroAsp, [File("bon.pdf", Pdf())]);

        // En cours: the supplier cannot add documents until staff ask for one.
        var closed = await Assert.ThrowsAsync<DocumentsRefusedException>(() => Intake.AddToRequestAsync(actor, request.NumeroAsp, [File("rib.pdf", Pdf())]));
        Assert.Contains("« En cours »", closed.Message);

        await _host.FireAsync(instance, "DemanderPiece", Staff, ("piece", "RIB"));
        var added = await Intake.AddToRequestAsync(actor, request.NumeroAsp, [File("rib.pdf", Pdf())]);
        Assert.Equal("En cours", added.StatusLabel);
        Assert.Equal("AjouterPiece", (await _host.JournalAsync(instance))[^1].Trigger);

        await _host.FireAsync(instance, "DemanderCorrection", Staff, ("corrections", "Bon de commande illisible"));
        await Intake.AddToRequestAsync(actor, request.NumeroAsp, [File("bon.pdf", Pdf("lisible"))]);
        // "À modifier" takes documents, but the request goes back En cours through the correction form (Modifier), not an upload.
        Assert.Equal("AModifier", (await _host.InstanceAsync(instance)).State);
        Assert.Equal("DemanderCorrection", (await _host.JournalAsync(instance))[^1].Trigger);
        Assert.Equal(3, (await DocumentsAsync(request.Id)).Count);
    }

    [Fact]
    public async Task TheSameFileSentAgain_IsNotStoredTwice_SoARetriedUploadIsHarmless()
    {
        var (supplier, actor) = await NewSupplierAsync();
        var (request, _) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-1", "bon.pdf", "facture.pdf");
        var bon = Pdf();
        await Intake.AddToRequestAsync(actor, request.NumeroAsp, [File("bon.pdf", bon)]);

        var again = await Intake.AddToRequestAsync(actor, request.NumeroAsp, [File("bon.pdf", bon), File("facture.pdf", Pdf())]);

        Assert.Equal(["facture.pdf"], again.FilesAdded);
        Assert.Equal(["bon.pdf"], again.FilesAlreadyPresent);
        Assert.Equal("En cours", again.StatusLabel);
        Assert.Equal(2, (await DocumentsAsync(request.Id)).Count);
    }

    [Fact]
    public async Task TwoDifferentFilesUnderOneName_AreRefused()
    {
        var (supplier, actor) = await NewSupplierAsync();
        var (request, _) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-1", "facture.pdf");

        var refused = await Assert.ThrowsAsync<DocumentsRefusedException>(() => Intake.AddToRequestAsync(actor, request.NumeroAsp,
            [File("facture.pdf", Pdf()), File("copie.zip", Zip(("Facture.pdf", Pdf())))]));

        Assert.Contains("Plusieurs fichiers différents portent le nom « facture.pdf » pour la demande BDC-1", refused.Message);
        await AssertNothingStoredAsync(request.Id);
    }

    [Fact]
    public async Task AZip_IsDispatchedByFolder_ByExpectedName_AndByPrefix()
    {
        var (supplier, actor) = await NewSupplierAsync();
        var (byFolder, byFolderInstance) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-A", "bon-a.pdf");
        var (byName, byNameInstance) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-B", "facture-b.pdf", "rib-b.pdf");
        var (byPrefix, byPrefixInstance) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-C");
        var (untouched, _) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-D", "bon-d.pdf");

        var zip = Zip(("BDC-A/bon-a.pdf", Pdf()), ("BDC-A/annexe.png", Png()), ("facture-b.pdf", Pdf()), ("BDC-C_devis.jpg", Jpeg()));
        var added = await Intake.AddZipAsync(actor, File("pieces.zip", zip));

        Assert.Equal(["BDC-A", "BDC-B", "BDC-C"], added.Select(a => a.NumeroEditeur));
        Assert.Equal(["bon-a.pdf", "annexe.png"], added[0].FilesAdded);
        Assert.Equal(["facture-b.pdf"], added[1].FilesAdded);
        Assert.Equal(["rib-b.pdf"], added[1].MissingFiles);
        Assert.Equal(["BDC-C_devis.jpg"], added[2].FilesAdded);
        Assert.Equal(["En cours", "Non complétée", "En cours"], added.Select(a => a.StatusLabel));

        Assert.Equal(2, (await DocumentsAsync(byFolder.Id)).Count);
        Assert.Single(await DocumentsAsync(byName.Id));
        Assert.Single(await DocumentsAsync(byPrefix.Id));
        Assert.Empty(await DocumentsAsync(untouched.Id));
        Assert.Equal("EnCours", (await _host.InstanceAsync(byFolderInstance)).State);
        Assert.Equal("NonCompletee", (await _host.InstanceAsync(byNameInstance)).State);
        Assert.Equal("EnCours", (await _host.InstanceAsync(byPrefixInstance)).State);
    }

    [Fact]
    public async Task AnUnmatchedEntry_RefusesTheWholeZip()
    {
        var (supplier, actor) = await NewSupplierAsync();
        var (first, _) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-A", "bon-a.pdf");
        var (second, _) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-B", "bon-b.pdf");

        var refused = await Assert.ThrowsAsync<DocumentsRefusedException>(() => Intake.AddZipAsync(actor, File("pieces.zip",
            Zip(("BDC-A/bon-a.pdf", Pdf()), ("bon-b.pdf", Pdf()), ("divers/photo.png", Png())))));

        Assert.Contains("« pieces.zip › divers/photo.png » ne correspond à aucune demande", refused.Message);
        Assert.Single(refused.Problems);
        await AssertNothingStoredAsync(first.Id, second.Id);
    }

    [Fact]
    public async Task RequestsLeftNonCompleteesByAnImport_AreCompletedByOneZip()
    {
        var fixture = await ImportFixture.CreateAsync(_host);
        var imported = await fixture.ImportAsync(fixture.Sample());
        Assert.Equal(3, imported.Retained);
        var lines = imported.LineResults.OrderBy(l => l.NumLigne).ToList();
        var actor = SupplierActor(fixture.Supplier.Id);

        // Two files by their expected name (the sample's nomFichier), the third in its numéro éditeur's folder.
        var added = await Intake.AddZipAsync(actor, File("pieces.zip", Zip(
            ("BDC-2026-0001.pdf", Pdf()), ("BDC-2026-0002.pdf", Pdf()), ($"{lines[2].NumeroEditeur}/BDC-2026-0003.pdf", Pdf()))));

        Assert.Equal(lines.Select(l => l.NumeroAsp).Order(), added.Select(a => a.NumeroAsp).Order());
        Assert.All(added, a => Assert.Equal(("EnCours", "En cours"), (a.Status, a.StatusLabel)));
        await using var db = _host.NewContext();
        var requests = await db.FinancingRequests.AsNoTracking().Where(r => r.SupplierId == fixture.Supplier.Id).ToListAsync();
        Assert.All(requests, r => Assert.Equal("En cours", r.StatusLabel));
    }

    [Theory]
    [InlineData("slip")]
    [InlineData("entries")]
    [InlineData("bomb")]
    public async Task AHostileZip_IsRefused_AndNothingIsStored(string attack)
    {
        var (supplier, actor) = await NewSupplierAsync();
        var (request, instance) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-A", "bon-a.pdf");
        var zip = attack switch
        {
            "slip" => Zip(("BDC-A/bon-a.pdf", Pdf()), ("../x.pdf", Pdf())),
            "entries" => Zip([("BDC-A/bon-a.pdf", Pdf()), .. Enumerable.Range(0, 2000).Select(i => ($"BDC-A/{i}.pdf", Pdf()))]),
            _ => Zip(("BDC-A/bon-a.pdf", Pdf()), ("BDC-A/bombe.pdf", Bomb())),
        };

        var refused = await Assert.ThrowsAsync<DocumentsRefusedException>(() => Intake.AddZipAsync(actor, File("pieces.zip", zip)));
        Assert.Contains(attack switch { "slip" => "« ../x.pdf » sort de l'archive", "entries" => "plus de 500 fichiers", _ => "zip bomb" }, refused.Message);

        // The same zip sent to the request itself is refused the same way.
        await Assert.ThrowsAsync<DocumentsRefusedException>(() => Intake.AddToRequestAsync(actor, request.NumeroAsp, [File("pieces.zip", zip)]));
        await AssertNothingStoredAsync(request.Id);
        Assert.Equal("NonCompletee", (await _host.InstanceAsync(instance)).State);
    }

    private async Task<(Supplier Supplier, Actor Actor)> NewSupplierAsync()
    {
        var supplier = await Subjects.NewSupplierAsync(_host);
        return (supplier, SupplierActor(supplier.Id));
    }

    private async Task<List<Segur.Workflows.Documents.RequestDocument>> DocumentsAsync(Guid requestId)
    {
        await using var db = _host.NewContext();
        return await db.RequestDocuments.AsNoTracking().Where(d => d.RequestId == requestId).OrderBy(d => d.FileName).ToListAsync();
    }

    private async Task AssertNothingStoredAsync(params Guid[] requestIds)
    {
        foreach (var id in requestIds)
        {
            Assert.Empty(await DocumentsAsync(id));
        }

        var files = Directory.Exists(FilesFolder) ? Directory.EnumerateFiles(FilesFolder, "*", SearchOption.AllDirectories).ToList() : [];
        Assert.Empty(files);
    }
}

public sealed class SqliteDocumentIntakeTests() : DocumentIntakeTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlDocumentIntakeTests() : DocumentIntakeTests(DatabaseKind.PostgreSql);
