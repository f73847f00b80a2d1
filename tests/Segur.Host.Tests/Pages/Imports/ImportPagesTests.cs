using System.Net;
using System.Text.Json;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages.Imports;

/// <summary>The import pages as the server prerenders them: who may see them, their labelled filters, steps and documentation.</summary>
public sealed class ImportPagesTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/imports")]
    [InlineData("/imports/nouveau")]
    [InlineData("/imports/documentation")]
    public async Task AnAnonymousVisitor_IsSentToSignIn_AndBackAfterwards(string path)
    {
        using var browser = _app.Pages();

        var page = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/connexion?retour=" + Uri.EscapeDataString(path), page.RedirectPath);
    }

    [Theory]
    [InlineData("/imports/nouveau")]
    [InlineData("/imports/documentation")]
    public async Task Staff_AreKeptOutOfTheSuppliersImportPages(string path)
    {
        var staff = _app.Demo.Staff[0];
        using var browser = _app.Pages();
        await browser.SignInAsync(staff.Uid, staff.Password);

        var page = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.StartsWith("/acces-refuse", page.RedirectPath);
    }

    [Fact]
    public async Task TheImportsTable_HasLabelledFilters_TheLinksOfThePage_AndItsNineColumns()
    {
        var page = await SignedInGetAsync(_app.Demo.Suppliers[0], "/imports");

        Assert.Equal("Imports JSON", page.TextOf("h1"));
        Assert.Equal(
            ["Numéro ANS", "Type", "Importé du", "au"],
            new[] { "filtre-ans", "filtre-type", "filtre-du", "filtre-au" }.Select(id =>
            {
                Assert.NotNull(page.Find($"input#{id}"));
                return page.TextOf($"label[for={id}]");
            }));
        Assert.Equal("jj/mm/aaaa", page.Find("#filtre-du")!.GetAttribute("placeholder"));
        Assert.Contains("indiquez les deux dates", page.TextOf("#periode-aide"));

        Assert.Equal("Nouvel import", page.Document.QuerySelectorAll("a[href='/imports/nouveau']").Single().TextContent.Trim());
        Assert.Equal("Accéder à la documentation des JSON", page.TextOf("a[href='/imports/documentation']"));
        var headers = page.Document.QuerySelectorAll("[data-testid=imports-table] thead th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(
            ["Identifiant", "Date d'importation", "Numéro ANS", "Type", "Nom du fichier", "Nombre de demandes", "Retenues", "Rejetées", "Fichier retourné"],
            headers);
    }

    [Fact]
    public async Task TheImportScreen_ShowsItsThreeSteps_TheSizeLimit_AndWaitsForTheFile()
    {
        var page = await SignedInGetAsync(_app.Demo.Suppliers[0], "/imports/nouveau");

        Assert.Equal("Nouvel import JSON", page.TextOf("h1"));
        Assert.Contains("Étape 1 sur 3", page.TextOf("[data-testid=current-step]"));
        var steps = page.Document.QuerySelectorAll("ol[aria-label] li").ToList();
        Assert.Equal(3, steps.Count);
        Assert.Equal("step", steps[0].GetAttribute("aria-current"));
        Assert.Contains("Pièces justificatives", steps[1].TextContent);
        Assert.Contains("Récapitulatif", steps[2].TextContent);

        Assert.Equal(".json,application/json", page.Find("input[type=file][data-testid=json-file]")!.GetAttribute("accept"));
        Assert.Contains("5 Mo au plus", page.TextOf("#json-aide"));

        // Nothing can be sent before a file is chosen (and before the page is interactive).
        var buttons = page.Document.QuerySelectorAll("button").Where(b => b.TextContent.Trim() is "Simuler" or "Importer").ToList();
        Assert.Equal(2, buttons.Count);
        Assert.All(buttons, b => Assert.True(b.HasAttribute("disabled")));
    }

    [Fact]
    public async Task TheDocumentation_ExplainsEveryField_AndLinksTheSchemaServedToAnyone()
    {
        var page = await SignedInGetAsync(_app.Demo.Suppliers[0], "/imports/documentation");

        Assert.Equal("Documentation des fichiers JSON d'import", page.TextOf("h1"));
        var fields = page.Document.QuerySelectorAll("table th[scope=row] code").Select(c => c.TextContent).ToList();
        foreach (var field in new[] { "impId", "numeroAns", "siret", "lignesImport", "numLigne", "typeAction", "numeroASP", "numeroEditeur",
                     "commande.dateCommande", "commande.regimeTVA", "commande.montantSegurHT", "facture", "beneficiaires.commandePour",
                     "piecesJustificatives[]", "scenarioInstallation", "RETENUE", "VALIDE_SIMULATION", "REJET_FORMAT", "REJET_DEPLOIEMENT_MSS",
                     "REJET_BENEFICIAIRE_DEJA_FINANCE" })
        {
            Assert.Contains(field, fields);
        }

        Assert.Contains("Une seule Prestation Ségur par bénéficiaire et par programme", page.TextOf("[data-testid=une-prestation]"));

        // The headings go down one level at a time: h1, then h2, then h3.
        var levels = page.Document.QuerySelectorAll("main h1, main h2, main h3, main h4").Select(h => int.Parse(h.TagName[1..])).ToList();
        Assert.Equal(1, levels[0]);
        Assert.All(levels.Zip(levels.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1, $"titres : {string.Join(",", levels)}"));

        var schemaLink = page.Find("[data-testid=schema-link]")!.GetAttribute("href");
        Assert.Equal("/schemas/import-financement.schema.json", schemaLink);
        using var anonymous = _app.Pages();
        using var schema = await anonymous.Http.GetAsync(schemaLink);
        Assert.Equal(HttpStatusCode.OK, schema.StatusCode);
        using var json = JsonDocument.Parse(await schema.Content.ReadAsStringAsync());
        Assert.Equal("Import de demandes de financement Ségur", json.RootElement.GetProperty("title").GetString());
    }

    private async Task<Page> SignedInGetAsync(DemoSupplier supplier, string path)
    {
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        var page = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page;
    }
}
