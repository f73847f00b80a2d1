using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Journeys;

/// <summary>
/// The supplier's import journey in a real browser: sign in, simulate then import the public sample file, add the
/// documents (one request alone, two by one zip), see the three requests "En cours" (recap, then the requests table), find the import in the table and
/// download its returned file. Every page visited is checked with axe and photographed into artifacts/.
/// </summary>
public sealed class SupplierImportJourneyTests
{
    [Fact]
    public async Task ASupplier_SimulatesThenImportsTheSample_AddsItsDocuments_AndSeesItsThreeRequestsEnCours()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers.Single(s => s.Uid == "FRN100001");
        await using var browser = await SupplierBrowser.SignInAsync(address, supplier);
        var page = browser.Page;

        // Step 1: the file, simulated first.
        await browser.GoToInteractiveAsync("/imports/nouveau");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Nouvel import JSON");
        await Assertions.Expect(page.GetByTestId("current-step")).ToContainTextAsync("Étape 1 sur 3");
        await browser.CheckAsync("10-import-etape-1", "import, étape 1");

        await FileInputs.ChooseAsync(page.Locator("input[data-testid=json-file]:not(.d-none)"), new FilePayload
        {
            Name = SampleImport.FileName, MimeType = "application/json", Buffer = SampleImport.For(supplier),
        });
        await Assertions.Expect(page.GetByTestId("chosen-file")).ToContainTextAsync(SampleImport.FileName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Simuler", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("simulation-notice")).ToContainTextAsync("rien n'a été enregistré");
        await Assertions.Expect(page.GetByTestId("retained")).ToHaveTextAsync("3");
        await Assertions.Expect(page.GetByTestId("rejected")).ToHaveTextAsync("0");
        var simulated = page.Locator("[data-testid=line-results] tbody tr");
        await Assertions.Expect(simulated).ToHaveCountAsync(3);
        await Assertions.Expect(simulated.Filter(new() { HasText = "VALIDE_SIMULATION" })).ToHaveCountAsync(3);
        Assert.Equal((0, 0), await StoredAsync(app));
        await browser.CheckAsync("11-simulation", "import, simulation");

        // Then imported: three requests "Non complétée" until their documents are added.
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-notice")).ToContainTextAsync("3 demandes retenues");
        var imported = page.Locator("[data-testid=line-results] tbody tr");
        await Assertions.Expect(imported.Filter(new() { HasText = "RETENUE" })).ToHaveCountAsync(3);
        Assert.Equal((1, 3), await StoredAsync(app));
        var importNumber = long.Parse((await page.Locator("#resultat-titre").InnerTextAsync()).Split("n°")[1].Trim());
        await browser.CheckAsync("12-import", "import, résultat");

        // Step 2: the documents, the first request alone, the other two in one zip.
        await page.GetByTestId("to-documents").ClickAsync();
        await Assertions.Expect(page.GetByTestId("current-step")).ToContainTextAsync("Pièces justificatives");
        await Assertions.Expect(page.Locator("[data-testid^=request-]")).ToHaveCountAsync(3);
        await browser.CheckAsync("13-pieces", "import, pièces justificatives");

        var first = SampleImport.NumerosEditeur[0];
        var firstCard = page.GetByTestId($"request-{first}");
        await FileInputs.ChooseAsync(firstCard.Locator("input[type=file]:not(.d-none)"), new FilePayload
        {
            Name = first + ".pdf", MimeType = "application/pdf", Buffer = SampleImport.Pdf(first),
        });
        await firstCard.GetByRole(AriaRole.Button, new() { Name = "Déposer la pièce" }).ClickAsync();
        await Assertions.Expect(firstCard.GetByTestId("upload-done")).ToContainTextAsync("En cours");
        await Assertions.Expect(firstCard.GetByTestId("status")).ToHaveTextAsync("En cours");

        await FileInputs.ChooseAsync(page.Locator("input[data-testid=zip-file]"), new FilePayload
        {
            Name = "pieces.zip", MimeType = "application/zip", Buffer = Zip(SampleImport.NumerosEditeur[1..]),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Déposer le zip" }).ClickAsync();
        foreach (var numero in SampleImport.NumerosEditeur)
        {
            await Assertions.Expect(page.GetByTestId($"request-{numero}").GetByTestId("status")).ToHaveTextAsync("En cours");
        }

        await browser.CheckAsync("14-pieces-deposees", "import, pièces déposées");

        // Step 3: the recap, every request "En cours".
        await page.GetByTestId("to-recap").ClickAsync();
        await Assertions.Expect(page.GetByTestId("current-step")).ToContainTextAsync("Récapitulatif");
        foreach (var numero in SampleImport.NumerosEditeur)
        {
            await Assertions.Expect(page.GetByTestId($"recap-{numero}").GetByTestId("status")).ToHaveTextAsync("En cours");
        }

        await Assertions.Expect(page.GetByTestId("recap-notice")).ToContainTextAsync("Vos 3 demandes sont déposées");
        await browser.CheckAsync("15-recapitulatif", "import, récapitulatif");

        // The requests table shows them "En cours" too.
        await page.GetByRole(AriaRole.Link, new() { Name = "Voir mes demandes de financement" }).ClickAsync();
        await page.WaitForURLAsync("**/demandes");
        await browser.WaitUntilInteractiveAsync();
        foreach (var numero in SampleImport.NumerosEditeur)
        {
            var request = page.Locator("[data-testid=requests-table] tbody tr").Filter(new() { HasText = numero });
            await Assertions.Expect(request.GetByTestId("statut").Locator(".segur-status-chip")).ToHaveTextAsync("En cours");
        }

        await browser.CheckAsync("16-demandes", "demandes de financement");

        // The imports table lists the import; its returned file carries impId and each line's numeroASP.
        await browser.GoToInteractiveAsync("/imports");
        var row = page.Locator("[data-testid=imports-table] tbody tr").Filter(new() { HasText = SampleImport.FileName });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.GetByTestId("identifiant")).ToHaveTextAsync(importNumber.ToString());
        await Assertions.Expect(row.GetByTestId("retenues")).ToHaveTextAsync("3");
        await Assertions.Expect(row.GetByTestId("rejetees")).ToHaveTextAsync("0");
        await browser.CheckAsync("17-imports", "tableau des imports");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            row.GetByRole(AriaRole.Button, new() { Name = $"Télécharger le fichier retourné de l'import {importNumber}" }).ClickAsync());
        Assert.Equal("avance-medecin-de-ville-3-lignes-retour.json", download.SuggestedFilename);
        var returned = JsonNode.Parse(await File.ReadAllTextAsync(await download.PathAsync()))!;
        Assert.Equal(importNumber, returned["impId"]!.GetValue<long>());
        var lines = returned["lignesImport"]!.AsArray();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, line =>
        {
            Assert.Matches("^ASP[0-9]+M0$", line!["numeroASP"]!.GetValue<string>());
            Assert.Equal("RETENUE", line["codeTraitement"]!.GetValue<string>());
        });

        // The documentation of the format, linked from the table.
        await page.GetByRole(AriaRole.Link, new() { Name = "Accéder à la documentation des JSON" }).ClickAsync();
        await page.WaitForURLAsync("**/imports/documentation");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Documentation des fichiers JSON d'import");
        await browser.CheckAsync("18-documentation", "documentation des JSON");
    }

    [Fact]
    public async Task ATooLargeOrMalformedFile_IsRefusedWithItsReason_TheLineOfTheError_AndNothingIsStored()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers.Single(s => s.Uid == "FRN100001");
        await using var browser = await SupplierBrowser.SignInAsync(address, supplier);
        var page = browser.Page;
        await browser.GoToInteractiveAsync("/imports/nouveau");

        // Over 5 Mo: refused before it is even sent.
        await FileInputs.ChooseAsync(page.Locator("input[data-testid=json-file]:not(.d-none)"), new FilePayload
        {
            Name = "enorme.json", MimeType = "application/json", Buffer = new byte[6 * 1024 * 1024],
        });
        await Assertions.Expect(page.GetByTestId("file-refused")).ToContainTextAsync("Le fichier pèse 6 Mo : la taille maximale est de 5 Mo (200 demandes).");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true })).ToBeDisabledAsync();

        // A comma is missing at the end of line 3.
        var malformed = $"{{\n  \"numeroAns\": \"{supplier.NumeroAns}\",\n  \"siret\": \"{supplier.Siret}\"\n  \"lignesImport\": []\n}}\n";
        await FileInputs.ChooseAsync(page.Locator("input[data-testid=json-file]:not(.d-none)"), new FilePayload
        {
            Name = "casse.json", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(malformed),
        });
        await Assertions.Expect(page.GetByTestId("chosen-file")).ToContainTextAsync("casse.json");
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true }).ClickAsync();

        var refused = page.GetByTestId("file-refused");
        await Assertions.Expect(refused).ToContainTextAsync("Le fichier « casse.json » est refusé : rien n'a été importé.");
        await Assertions.Expect(refused).ToContainTextAsync("n'est pas un JSON valide : erreur ligne 4");
        await Assertions.Expect(page.GetByTestId("import-outcome")).ToHaveCountAsync(0);
        Assert.Equal((0, 0), await StoredAsync(app));
        await browser.CheckAsync("20-fichier-refuse", "import, fichier refusé");
    }

    [Fact]
    public async Task AFakePdfIsRefusedInFrench_ALargeOneShowsItsProgress_AndRequestsLeftWithoutDocumentsStayNonCompletees()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers.Single(s => s.Uid == "FRN100001");
        await using var browser = await SupplierBrowser.SignInAsync(address, supplier);
        var page = browser.Page;
        await browser.GoToInteractiveAsync("/imports/nouveau");
        await FileInputs.ChooseAsync(page.Locator("input[data-testid=json-file]:not(.d-none)"), new FilePayload
        {
            Name = SampleImport.FileName, MimeType = "application/json", Buffer = SampleImport.For(supplier),
        });
        await Assertions.Expect(page.GetByTestId("chosen-file")).ToContainTextAsync(SampleImport.FileName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true }).ClickAsync();
        await page.GetByTestId("to-documents").ClickAsync();

        // A text file named .pdf: refused by its content, in French, and nothing is stored.
        var first = SampleImport.NumerosEditeur[0];
        var card = page.GetByTestId($"request-{first}");
        await FileInputs.ChooseAsync(card.Locator("input[type=file]:not(.d-none)"), new FilePayload
        {
            Name = first + ".pdf", MimeType = "application/pdf", Buffer = System.Text.Encoding.UTF8.GetBytes("ceci n'est pas un PDF"),
        });
        // The button appears once the server has read the chosen file's name (a round trip that waits behind other tests' work).
        await card.GetByRole(AriaRole.Button, new() { Name = "Déposer la pièce" }).ClickAsync(new() { Timeout = PortalBrowser.SlowTimeout });
        var errors = card.GetByTestId("upload-errors");
        await Assertions.Expect(errors).ToContainTextAsync($"« {first}.pdf » n'est pas un PDF, un JPEG ni un PNG valide.");
        await Assertions.Expect(errors).ToContainTextAsync("Aucune pièce n'a été enregistrée.");
        await Assertions.Expect(card.GetByTestId("status")).ToHaveTextAsync("Non complétée");
        await browser.CheckAsync("21-piece-refusee", "import, pièce refusée");

        // A large document (9 Mo): a progress bar shows while it is sent.
        var large = new byte[9 * 1024 * 1024];
        SampleImport.Pdf(first).CopyTo(large, 0);
        await FileInputs.ChooseAsync(card.Locator("input[type=file]:not(.d-none)"), new FilePayload { Name = first + ".pdf", MimeType = "application/pdf", Buffer = large });
        await card.GetByRole(AriaRole.Button, new() { Name = "Déposer la pièce" }).ClickAsync();
        await Assertions.Expect(card.GetByTestId("upload-progress").GetByRole(AriaRole.Progressbar)).ToBeVisibleAsync();
        await Assertions.Expect(card.GetByTestId("status")).ToHaveTextAsync("En cours", new() { Timeout = 60_000 });
        await Assertions.Expect(card.GetByTestId("upload-errors")).ToHaveCountAsync(0);

        // The supplier stops here: the other requests stay "Non complétée", to be completed from their own table.
        await page.GetByTestId("to-recap").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"recap-{first}").GetByTestId("status")).ToHaveTextAsync("En cours");
        foreach (var numero in SampleImport.NumerosEditeur[1..])
        {
            await Assertions.Expect(page.GetByTestId($"recap-{numero}").GetByTestId("status")).ToHaveTextAsync("Non complétée");
        }

        await Assertions.Expect(page.GetByTestId("recap-notice")).ToContainTextAsync("2 demandes restent « Non complétées »");
        await Assertions.Expect(page.GetByTestId("recap-notice").GetByRole(AriaRole.Link, new() { Name = "suivi des demandes non complétées" }))
            .ToHaveAttributeAsync("href", "/demandes/incompletes");
        await browser.CheckAsync("22-recapitulatif-non-complete", "import, récapitulatif non complété");
    }

    private static async Task<(int Imports, int Requests)> StoredAsync(SegurApp app)
    {
        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        return (await db.Imports.CountAsync(), await db.FinancingRequests.CountAsync());
    }

    /// <summary>One zip holding "&lt;numéro éditeur&gt;.pdf" for each request: the zip is dispatched by the expected file names.</summary>
    private static byte[] Zip(IEnumerable<string> numerosEditeur)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var numero in numerosEditeur)
            {
                using var entry = zip.CreateEntry(numero + ".pdf").Open();
                entry.Write(SampleImport.Pdf(numero));
            }
        }

        return buffer.ToArray();
    }
}
