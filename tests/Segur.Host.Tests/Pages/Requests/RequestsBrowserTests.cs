using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Pages.Requests;

/// <summary>A supplier in Chromium: the requests table's filters, a request's detail, the incomplete requests (add, zip, delete); axe on each.</summary>
public sealed class RequestsBrowserTests
{
    [Fact]
    public async Task ASupplier_FiltersItsRequests_OpensOne_AndFollowsItsVersement()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        var numeros = await SupplierImports.DepositAvancesAsync(app, supplier, "WEB-001", "WEB-002", "CMD-777");
        await SupplierImports.ImportAvancesAsync(app, supplier, "WEB-004");
        await SupplierImports.ValidateAndDecideAsync(app, numeros[0]);
        await SupplierImports.PayAsync(app, numeros[0], new DateOnly(2026, 11, 20));

        await using var browser = await PortalBrowser.OpenAsync(address);
        await browser.SignInAsync(supplier);
        var page = browser.Page;
        await browser.GotoInteractiveAsync("/demandes");
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(4);
        await browser.ScreenshotAsync("demandes-01-tableau");
        await Accessibility.AssertNoSeriousViolationAsync(page, "demandes de financement");

        // Status: a multi-select among the lifecycle's labels.
        await page.Locator("#filtre-statut").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "En cours", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#filtre-statut")).ToHaveValueAsync("En cours", new() { Timeout = PortalBrowser.SlowTimeout });
        await browser.ScreenshotAsync("demandes-02-filtre-statut");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
        await Clicks.UntilAddressAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Filtrer", Exact = true }), new Regex("statut=En%20cours"));
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("result-count")).ToHaveTextAsync("2 demandes.");

        // Number: the autocomplete proposes the supplier's numbers from 3 characters.
        await page.GetByRole(AriaRole.Button, new() { Name = "Réinitialiser" }).ClickAsync();
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("requests-loading")).ToHaveCountAsync(0);
        // Typed again until the field holds it: a key pressed while the reset page re-rendered could be lost.
        var field = page.Locator("#filtre-numero");
        for (var attempt = 1; await field.InputValueAsync() != "CMD"; attempt++)
        {
            Assert.True(attempt <= 5, $"Le champ numéro garde « {await field.InputValueAsync()} » au lieu de « CMD ».");
            await field.FillAsync("");
            await field.PressSequentiallyAsync("CMD", new() { Delay = 80 });
        }
        var suggestion = page.GetByRole(AriaRole.Option, new() { Name = numeros[2] });
        await Assertions.Expect(suggestion).ToBeVisibleAsync();
        await browser.ScreenshotAsync("demandes-03-autocompletion");
        await suggestion.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer", Exact = true }).ClickAsync();
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("numero-asp")).ToHaveTextAsync(numeros[2]);

        await browser.GotoInteractiveAsync("/demandes");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Consulter la demande {numeros[0]}" }).ClickAsync();
        await page.WaitForURLAsync($"**/demandes/{numeros[0]}", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await browser.WaitForInteractivityAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Demande de financement {numeros[0]}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suivi financier" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("payments")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Calcul : montant décidé" }).FocusAsync();
        await Assertions.Expect(page.Locator(".mud-tooltip").Filter(new() { HasText = "30 % de l'engagement retenu" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("demandes-04-detail");
        await Accessibility.AssertNoSeriousViolationAsync(page, "détail d'une demande");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Historique (1)" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("versions")).ToContainTextAsync("Décidée");
        await browser.ScreenshotAsync("demandes-05-historique");
    }

    [Fact]
    public async Task ASupplier_CompletesItsIncompleteRequestsOneByOneAndByZip_AndDeletesAnAvance()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        var numeros = await SupplierImports.ImportAvancesAsync(app, supplier, "INC-A", "INC-B", "INC-C", "INC-D");

        await using var browser = await PortalBrowser.OpenAsync(address);
        await browser.SignInAsync(supplier);
        var page = browser.Page;
        await browser.GotoInteractiveAsync("/demandes/incompletes");
        await Assertions.Expect(page.GetByTestId("incomplete-count")).ToHaveTextAsync("4 demandes non complétées.");
        await browser.ScreenshotAsync("incompletes-01-tableau");
        await Accessibility.AssertNoSeriousViolationAsync(page, "demandes incomplètes");

        // Delete an avance, after confirming.
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer la demande INC-A" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Cette suppression est définitive");
        await browser.ScreenshotAsync("incompletes-02-confirmation-suppression");
        await Accessibility.AssertNoSeriousViolationAsync(page, "confirmation de suppression");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Supprimer la demande" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("incomplete-message")).ToContainTextAsync("La demande INC-A");
        await Assertions.Expect(page.GetByTestId("incomplete-count")).ToHaveTextAsync("3 demandes non complétées.");
        Assert.Equal("Supprimee", await StatusAsync(app, numeros[0]));

        // One request: a file that is not a PDF is refused in French, then the right one completes it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter des pièces à la demande INC-B" }).ClickAsync();
        var upload = page.GetByTestId("document-upload");
        await ChooseFilesAsync(page, upload.GetByRole(AriaRole.Button, new() { Name = "Choisir les pièces de la demande INC-B" }),
            new FilePayload { Name = "INC-B.pdf", MimeType = "application/pdf", Buffer = Encoding.UTF8.GetBytes("pas un PDF") });
        await upload.GetByRole(AriaRole.Button, new() { Name = "Déposer la pièce" }).ClickAsync();
        await Assertions.Expect(upload.GetByTestId("upload-refused")).ToContainTextAsync("n'est pas un PDF, un JPEG ni un PNG valide", new() { Timeout = PortalBrowser.SlowTimeout });
        await browser.ScreenshotAsync("incompletes-03-piece-refusee");
        await Accessibility.AssertNoSeriousViolationAsync(page, "pièce refusée");
        await ChooseFilesAsync(page, upload.GetByRole(AriaRole.Button, new() { Name = "Choisir les pièces de la demande INC-B" }),
            new FilePayload { Name = "INC-B.pdf", MimeType = "application/pdf", Buffer = TestFiles.Pdf() });
        await upload.GetByRole(AriaRole.Button, new() { Name = "Déposer la pièce" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("incomplete-message")).ToContainTextAsync("La demande INC-B est complète", new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(page.GetByTestId("incomplete-count")).ToHaveTextAsync("2 demandes non complétées.");
        Assert.Equal("EnCours", await StatusAsync(app, numeros[1]));

        // One zip for the last two: a file goes to the request that expects it, or whose numéro éditeur its folder names.
        await ChooseFilesAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Choisir un fichier zip" }), new FilePayload
        {
            Name = "pieces.zip", MimeType = "application/zip", Buffer = Zip(("INC-C.pdf", TestFiles.Pdf()), ("INC-D/INC-D.pdf", TestFiles.Pdf())),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Déposer le zip" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("no-incomplete")).ToBeVisibleAsync(new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(page.GetByTestId("incomplete-message")).ToContainTextAsync("INC-C");
        await browser.ScreenshotAsync("incompletes-04-zip-depose");
        Assert.Equal("EnCours", await StatusAsync(app, numeros[2]));
        Assert.Equal("EnCours", await StatusAsync(app, numeros[3]));
    }

    /// <summary>Clicks the button that opens the file picker and answers it, as a user does.</summary>
    private static async Task ChooseFilesAsync(IPage page, ILocator button, params FilePayload[] files)
    {
        var chooser = await page.RunAndWaitForFileChooserAsync(() => button.ClickAsync());
        await chooser.SetFilesAsync(files);
    }

    private static ILocator Rows(IPage page) => page.Locator("[data-testid=requests-table] tbody tr");

    private static async Task<string> StatusAsync(SegurApp app, string numeroAsp)
    {
        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        return await db.FinancingRequests.Where(r => r.NumeroAsp == numeroAsp).Select(r => r.Status).SingleAsync();
    }

    private static byte[] Zip(params (string Path, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in entries)
            {
                using var stream = archive.CreateEntry(path).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
