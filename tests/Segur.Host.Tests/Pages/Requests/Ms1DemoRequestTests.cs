using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Pages.Requests;

/// <summary>
/// The demo's médico-social supplier (a DUI software of the couloir MS1): its deposited request shows the MS1 scenario table,
/// service by way of connection, the scenarios its referenced profiles cover in bold, to the supplier and to staff.
/// </summary>
public sealed class Ms1DemoRequestTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start(new Dictionary<string, string?> { ["Segur:Demo:DepositedRequests"] = "true" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheDemosMs1Request_ShowsTheMs1ScenarioTable_WithTheReferencedProfilesInBold()
    {
        var supplier = Assert.Single(_app.Demo.Suppliers, s => s.NumeroAns == "ANS-2026-DUI-0001");
        string numero;
        await using (var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext())
        {
            var enrolment = await db.Enrolments.SingleAsync(e => e.NumeroAns == supplier.NumeroAns);
            Assert.Equal(("MS1", "DUI", "Validee"), (enrolment.Couloir, enrolment.TypeLogiciel, enrolment.Status));
            numero = await db.FinancingRequests.Where(r => r.NumeroAns == supplier.NumeroAns).Select(r => r.NumeroAsp).SingleAsync();
        }

        using var supplierBrowser = _app.Pages();
        await supplierBrowser.SignInAsync(supplier.Uid, supplier.Password);
        var asSupplier = await supplierBrowser.GetAsync($"/demandes/{numero}");
        using var staffBrowser = _app.Pages();
        await staffBrowser.SignInAsync(_app.Demo.Staff[0].Uid, _app.Demo.Staff[0].Password);
        var asStaff = await staffBrowser.GetAsync($"/instruction/{numero}");

        foreach (var page in new[] { asSupplier, asStaff })
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var table = page.Find("[data-testid=scenario-ms1]") ?? throw new InvalidOperationException($"Pas de tableau MS1 sur {page.Url}:\n{page.Text}");
            var rows = table.QuerySelectorAll("tbody tr")
                .Select(tr => string.Join(" | ", tr.Children.Select(c => c.TextContent.Trim())))
                .ToList();
            Assert.Equal(
                [
                    "DMP | Oui (profil référencé) | Non",
                    "MSSanté professionnelle | Oui (profil référencé) | Non",
                    "MSSanté citoyenne | Non | Oui (profil référencé)",
                ],
                rows);
            Assert.Equal(3, table.QuerySelectorAll("strong[data-referenced=true]").Length);
            Assert.Empty(table.QuerySelectorAll("[data-referenced=false]"));
            var profiles = page.TextOf("[data-testid=profils-references]");
            Assert.Contains("en gras", profiles);
            Assert.Equal("Oui (profil référencé)", page.TextOf("[data-testid=scenario-psc] strong[data-referenced=true]"));
        }
    }
}
