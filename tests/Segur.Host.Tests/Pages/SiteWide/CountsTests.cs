using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Components.Shared;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Pages.SiteWide;

/// <summary>Counts of rows as a French reader writes them: "1 007 demandes" with a narrow no-break space, on every table.</summary>
public sealed class CountsTests : IAsyncLifetime
{
    private const char Thin = '\u202F';

    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(0, 1, 1, "Aucune demande.")]
    [InlineData(1, 1, 1, "1 demande.")]
    [InlineData(12, 1, 1, "12 demandes.")]
    [InlineData(1007, 3, 51, "1\u202F007 demandes, page 3 sur 51.")]
    [InlineData(1234567, 1, 61729, "1\u202F234\u202F567 demandes, page 1 sur 61\u202F729.")]
    public void AResultLine_SeparatesThousands_AndNamesThePageOnlyWhenThereAreSeveral(long total, int page, int pages, string expected) =>
        Assert.Equal(expected, Numbers.Results(total, page, pages, "Aucune demande.", "demande", "demandes"));

    [Fact]
    public async Task ThousandsOfRows_AreCountedWithAThousandsSpace_OnTheSuppliersAndTheStaffsTables()
    {
        var supplier = _app.Demo.Suppliers[0];
        await SeedAsync(supplier, FinancingStates.NonCompletee, "Non complétée", 1007);
        await SeedAsync(_app.Demo.Suppliers[1], FinancingStates.EnCours, "En cours", 1007);

        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        var requests = await browser.GetAsync("/demandes");
        Assert.Equal($"1{Thin}007 demandes, page 1 sur 51.", requests.TextOf("[data-testid=result-count]"));
        var incomplete = await browser.GetAsync("/demandes/incompletes");
        Assert.StartsWith($"1{Thin}007 demandes non complétées, page 1 sur ", incomplete.TextOf("[data-testid=incomplete-count]"));

        using var staff = _app.Pages();
        await staff.SignInAsync(_app.Demo.Staff[0].Uid, _app.Demo.Staff[0].Password);
        var instruction = await staff.GetAsync("/instruction");
        Assert.Equal($"1{Thin}007 demandes, page 1 sur 51.", instruction.TextOf("[data-testid=result-count]"));
    }

    /// <summary>Rows only (no lifecycle): the tables read the request's own columns.</summary>
    private async Task SeedAsync(DemoSupplier demo, string status, string label, int count)
    {
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var supplierId = await db.Suppliers.Where(s => s.Siret == demo.Siret).Select(s => s.Id).SingleAsync();
        var enrolment = await db.Enrolments.AsNoTracking().SingleAsync(e => e.NumeroAns == demo.NumeroAns);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < count; i++)
        {
            var request = new FinancingRequest
            {
                Id = Guid.CreateVersion7(), SupplierId = supplierId, EnrolmentId = enrolment.Id, NumeroDossier = $"CNT{demo.Siret[..4]}{i:00000}",
                NumeroAsp = $"CNT{demo.Siret[..4]}{i:00000}M0", NumeroEditeur = $"CNT-{i:00000}", Type = RequestType.Avance, NumeroAns = demo.NumeroAns,
                Siret = demo.Siret, Denomination = demo.Denomination, TypeLogiciel = enrolment.TypeLogiciel, Couloir = enrolment.Couloir, RegimeTva = "HT",
                DateCommande = new DateOnly(2026, 9, 15), MontantSegurHTDeclare = 500m + i, EmailContact = "contact@editeur.example", CreatedAt = DateTime.UtcNow,
            };
            request.OnStateEntered(FinancingStates.DefinitionId, status, label);
            db.FinancingRequests.Add(request);
        }

        await db.SaveChangesAsync();
    }
}
