using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Pages.Payments;

/// <summary>A Gestionnaire in Chromium decides validated requests in bulk within the envelope, then pays them by batch; axe on each page.</summary>
public sealed class DecisionAndPaymentBrowserTests
{
    [Fact]
    public async Task Staff_DecideValidatedRequestsInBulk_AgainstTheEnvelope_ThenPayThemByBatch()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        var numeros = await SupplierImports.DepositAvancesAsync(app, supplier, "LOT-001", "LOT-002", "LOT-003");
        foreach (var numero in numeros)
        {
            await SupplierImports.StaffFireAsync(app, numero, "Valider");
        }

        decimal total, wrongDecided;
        await using (var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext())
        {
            var decided = await db.FinancingRequests.Where(r => numeros.Contains(r.NumeroAsp)).ToDictionaryAsync(r => r.NumeroAsp, r => r.MontantDecide!.Value);
            (total, wrongDecided) = (decided.Values.Sum(), decided[numeros[1]]);
        }

        await using var browser = await PortalBrowser.OpenAsync(address);
        var page = browser.Page;
        var staff = app.Demo.Staff[0];
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Identifiant (UID)").FillAsync(staff.Uid);
        await page.GetByLabel("Mot de passe").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/accueil", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });

        await browser.GotoInteractiveAsync("/decisions");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Décider les demandes validées");
        var envelope = page.Locator("[data-envelope=MDV-2026]");
        await Assertions.Expect(envelope.GetByTestId("remaining")).ToHaveTextAsync(Euros(12_000_000m));
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Tout sélectionner" }).CheckAsync();
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("3 demandes choisies");
        await Assertions.Expect(page.GetByTestId("selection-total")).ToHaveTextAsync(Euros(total));
        await Assertions.Expect(envelope.GetByTestId("after")).ToHaveTextAsync(Euros(12_000_000m - total));
        await browser.ScreenshotAsync("decisions-01-selection");
        await Accessibility.AssertNoSeriousViolationAsync(page, "décisions");

        await page.GetByRole(AriaRole.Button, new() { Name = "Décider les 3 demandes" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("decision-outcomes")).ToContainTextAsync("3 demandes décidées sur 3", new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(page.GetByTestId("no-validated")).ToBeVisibleAsync();
        await Assertions.Expect(envelope.GetByTestId("remaining")).ToHaveTextAsync(Euros(12_000_000m - total));
        await browser.ScreenshotAsync("decisions-02-resultat");

        await browser.GotoInteractiveAsync("/paiements");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Tout sélectionner" }).CheckAsync();
        await Assertions.Expect(page.GetByTestId("waiting-total")).ToHaveTextAsync(Euros(total));
        await browser.ScreenshotAsync("paiements-01-a-mettre-en-paiement");
        await Accessibility.AssertNoSeriousViolationAsync(page, "paiements");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mettre en paiement" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("payment-outcomes")).ToContainTextAsync("Versements mis en paiement : 3 sur 3", new() { Timeout = PortalBrowser.SlowTimeout });

        // One amount typed wrong: that versement is refused with the reason, the others are paid.
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Tout sélectionner" }).CheckAsync();
        var wrong = page.GetByLabel($"Montant payé du versement {numeros[1]}");
        await wrong.FillAsync((wrongDecided - 0.01m).ToString("0.00", French));
        await wrong.PressAsync("Tab");
        await page.GetByLabel("Date de paiement effective").FillAsync("2026-11-20");
        await browser.ScreenshotAsync("paiements-02-enregistrement");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le paiement" }).ClickAsync();
        var outcomes = page.GetByTestId("payment-outcomes");
        await Assertions.Expect(outcomes).ToContainTextAsync("Paiements enregistrés : 2 sur 3", new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(outcomes).ToContainTextAsync(new Regex($"{numeros[1]} : Le montant payé \\({Pattern(wrongDecided - 0.01m)}\\) doit être égal au montant décidé \\({Pattern(wrongDecided)}\\)"));
        await Assertions.Expect(page.GetByTestId("paid").Locator("tbody tr")).ToHaveCountAsync(2);
        await browser.ScreenshotAsync("paiements-03-resultat");
    }

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>An amount as the pages and messages print it, "1 234,56 €", whatever space they group digits with.</summary>
    private static string Pattern(decimal value) =>
        string.Join("\\s", value.ToString("N2", French).Replace('\u202F', ' ').Replace('\u00A0', ' ').Split(' ')) + "\\s€";

    private static Regex Euros(decimal value) => new("^" + Pattern(value) + "$");
}
