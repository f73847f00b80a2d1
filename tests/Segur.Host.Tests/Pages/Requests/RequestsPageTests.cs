using System.Net;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages.Requests;

/// <summary>The supplier's financing requests table, as the server renders it: its own requests only, paged, filtered.</summary>
public sealed class RequestsPageTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheTable_ListsOnlyTheSuppliersOwnRequests_InTenColumnsAndAnActionColumn()
    {
        var first = _app.Demo.Suppliers[0];
        var deposited = await SupplierImports.DepositAvancesAsync(_app, first, "ED-001", "ED-002");
        var incomplete = await SupplierImports.ImportAvancesAsync(_app, first, "ED-003");
        var others = await SupplierImports.DepositAvancesAsync(_app, _app.Demo.Suppliers[1], "ED-001", "HOP-009");

        var page = await RequestsOfAsync(first, "/demandes");

        Assert.Equal(
            ["Numéro ASP", "Numéro éditeur", "Type", "Logiciel", "Dénomination sociale", "Dépôt", "Déclaré HT", "Retenu HT",
             "Décidé HT", "Statut et paiement", "Actions"],
            page.Document.QuerySelectorAll("[data-testid=requests-table] thead th").Select(th => (th.QuerySelector(".segur-sort span") ?? th).TextContent.Trim()));
        Assert.Equal([.. deposited, .. incomplete], NumerosOf(page).Order());
        Assert.DoesNotContain(NumerosOf(page), others.Contains);
        Assert.DoesNotContain("HOP-009", page.Text);
        Assert.Equal("3 demandes.", page.TextOf("[data-testid=result-count]"));
        var row = Row(page, deposited[0]);
        Assert.Equal(["ED-001", "Avance", "1 000,00 €", "—", "—"], new[] { 1, 2, 6, 7, 8 }.Select(i => Normalize(row[i])));
        Assert.EndsWith(first.NumeroAns, Normalize(row[3]));
        Assert.StartsWith("En cours", Normalize(row[9]));
        Assert.EndsWith("Aucun paiement en cours", Normalize(row[9]));
        Assert.False(string.IsNullOrWhiteSpace(row[4]), "La dénomination sociale est vide.");
    }

    [Fact]
    public async Task TheStatusFilter_KeepsOnlyRequestsInTheChosenStatuses()
    {
        var supplier = _app.Demo.Suppliers[0];
        var deposited = await SupplierImports.DepositAvancesAsync(_app, supplier, "ST-001", "ST-002");
        var incomplete = await SupplierImports.ImportAvancesAsync(_app, supplier, "ST-003");
        await SupplierImports.ValidateAndDecideAsync(_app, deposited[1]);

        var enCours = await RequestsOfAsync(supplier, "/demandes?statut=En%20cours");
        var twoStatuses = await RequestsOfAsync(supplier, "/demandes?statut=Non%20compl%C3%A9t%C3%A9e&statut=D%C3%A9cid%C3%A9e");

        Assert.Equal([deposited[0]], NumerosOf(enCours));
        Assert.Equal([deposited[1], incomplete[0]], NumerosOf(twoStatuses).Order());
        // 1 100,00 € HT declared, TTC regime: 1 320,00 € retained, 30 % decided.
        Assert.Equal("396,00 €", Normalize(Row(twoStatuses, deposited[1])[8]));
    }

    [Fact]
    public async Task TheNumberFilter_SearchesFromThreeCharacters_InTheAspAndTheEditorNumbers()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numeros = await SupplierImports.DepositAvancesAsync(_app, supplier, "CMD-A-1", "CMD-B-2", "AUTRE-3");

        Assert.Equal([numeros[1]], NumerosOf(await RequestsOfAsync(supplier, "/demandes?numero=B-2")));
        Assert.Equal([numeros[0], numeros[1]], NumerosOf(await RequestsOfAsync(supplier, "/demandes?numero=CMD")).Order());
        Assert.Equal([numeros[2]], NumerosOf(await RequestsOfAsync(supplier, "/demandes?numero=" + numeros[2])));

        // Under three characters the number is not a filter yet.
        Assert.Equal(3, NumerosOf(await RequestsOfAsync(supplier, "/demandes?numero=CM")).Count);
        var none = await RequestsOfAsync(supplier, "/demandes?numero=ZZZ");
        Assert.Empty(NumerosOf(none));
        Assert.NotNull(none.Find("[data-testid=no-results]"));
    }

    [Fact]
    public async Task TheTable_IsPagedOnTheServer_WithoutAnyLimitOnTheTotal()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numeros = await SupplierImports.ImportAvancesAsync(_app, supplier, [.. Enumerable.Range(1, 23).Select(i => $"LOT-{i:000}")]);

        var first = await RequestsOfAsync(supplier, "/demandes");
        var second = await RequestsOfAsync(supplier, "/demandes?page=2");

        Assert.Equal("23 demandes, page 1 sur 2.", first.TextOf("[data-testid=result-count]"));
        Assert.Equal(20, NumerosOf(first).Count);
        Assert.Equal(3, NumerosOf(second).Count);
        Assert.Equal(numeros.Order(), NumerosOf(first).Concat(NumerosOf(second)).Order());
    }

    [Fact]
    public async Task AddDocuments_IsOfferedOnlyForRequestsWaitingForTheSupplier()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numeros = await SupplierImports.DepositAvancesAsync(_app, supplier, "PJ-001", "PJ-002", "PJ-003");
        await SupplierImports.StaffFireAsync(_app, numeros[0], "DemanderPiece", new Dictionary<string, object?> { ["piece"] = "Le bon de commande signé" });
        await SupplierImports.StaffFireAsync(_app, numeros[1], "DemanderCorrection", new Dictionary<string, object?> { ["corrections"] = "Le montant" });

        var page = await RequestsOfAsync(supplier, "/demandes");

        var offered = page.Document.QuerySelectorAll("[data-testid=add-documents]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/demandes/{numeros[0]}?pieces=1#pieces", $"/demandes/{numeros[1]}?pieces=1#pieces"], offered.Order());
        Assert.StartsWith("En attente de pièce jointe complémentaire", Normalize(Row(page, numeros[0])[9]).Trim());
        Assert.StartsWith("À modifier", Normalize(Row(page, numeros[1])[9]));
        Assert.All(numeros, n => Assert.NotNull(page.Find($"a[href='/demandes/{n}']")));
    }

    [Fact]
    public async Task StaffGetTheirOwnSearch_AndAnonymousVisitorsAreSentToSignIn()
    {
        using var anonymous = _app.Pages();
        var redirected = await anonymous.GetAsync("/demandes");
        Assert.Equal(HttpStatusCode.Redirect, redirected.Status);
        Assert.StartsWith("/connexion", redirected.RedirectPath);

        using var staff = _app.Pages();
        await staff.SignInAsync(_app.Demo.Staff[0].Uid, _app.Demo.Staff[0].Password);
        var staffView = await staff.GetAsync("/demandes");
        Assert.Equal(HttpStatusCode.Redirect, staffView.Status);
        Assert.StartsWith("/instruction", staffView.RedirectPath);
    }

    private async Task<Page> RequestsOfAsync(DemoSupplier supplier, string url)
    {
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        var page = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page;
    }

    private static List<string> NumerosOf(Page page) =>
        [.. page.Document.QuerySelectorAll("[data-testid=requests-table] tbody [data-testid=numero-asp]").Select(td => td.TextContent.Trim())];

    private static List<string> Row(Page page, string numeroAsp) =>
        [.. page.Document.QuerySelectorAll("[data-testid=requests-table] tbody tr")
            .Single(tr => tr.QuerySelector("[data-testid=numero-asp]")?.TextContent.Trim() == numeroAsp)
            .QuerySelectorAll("td").Select(td => td.TextContent.Trim())];

    /// <summary>French number formatting uses narrow no-break spaces: compare with plain ones.</summary>
    private static string Normalize(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');
}
