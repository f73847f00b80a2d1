using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Instruction;

/// <summary>
/// The staff search counts up to a cap (Segur:Instruction:CountCap, 10,000 by default; 1,000 here so the test stays quick):
/// beyond it the page says « Plus de 1 000 demandes », pages on, and its last page tells the exact total
/// (docs/decisions/0181).
/// </summary>
public sealed class StaffSearchCapTests : IAsyncLifetime
{
    private const char Thin = '\u202F';

    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start(new Dictionary<string, string?> { ["Segur:Instruction:CountCap"] = "1000" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task MoreRequestsThanTheCap_AreShownAsMoreThanTheCap_AndTheLastPageTellsTheExactTotal()
    {
        await SeedAsync(_app.Demo.Suppliers[1], 1007);
        var visible = await CountVisibleAsync();

        using var staff = _app.Pages();
        await staff.SignInAsync(_app.Demo.Staff[0].Uid, _app.Demo.Staff[0].Password);
        var first = await staff.GetAsync("/instruction");
        var second = await staff.GetAsync("/instruction?page=2");
        var lastNumber = (visible + 19) / 20;
        var last = await staff.GetAsync($"/instruction?page={lastNumber}");

        Assert.Equal($"Plus de 1{Thin}000 demandes, page 1.", first.TextOf("[data-testid=result-count]"));
        Assert.Equal(20, first.Document.QuerySelectorAll("[data-testid=numero-asp]").Length);
        Assert.Equal($"Plus de 1{Thin}000 demandes, page 2.", second.TextOf("[data-testid=result-count]"));
        Assert.Equal(
            $"{visible / 1000}{Thin}{visible % 1000:000} demandes, page {lastNumber} sur {lastNumber}.",
            last.TextOf("[data-testid=result-count]"));
    }

    /// <summary>The requests staff see (the seeded ones and the demo data's visible ones).</summary>
    private async Task<int> CountVisibleAsync()
    {
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        return await db.FinancingRequests.CountAsync(r => r.DeletedAt == null && r.Status != FinancingStates.NonCompletee);
    }

    /// <summary>Rows only (no lifecycle): the search reads the request's own columns.</summary>
    private async Task SeedAsync(DemoSupplier demo, int count)
    {
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var supplierId = await db.Suppliers.Where(s => s.Siret == demo.Siret).Select(s => s.Id).SingleAsync();
        var enrolment = await db.Enrolments.AsNoTracking().SingleAsync(e => e.NumeroAns == demo.NumeroAns);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < count; i++)
        {
            var request = new FinancingRequest
            {
                Id = Guid.CreateVersion7(), SupplierId = supplierId, EnrolmentId = enrolment.Id, NumeroDossier = $"CAP{i:00000}",
                NumeroAsp = $"CAP{i:00000}M0", NumeroEditeur = $"CAP-{i:00000}", Type = RequestType.Avance, NumeroAns = demo.NumeroAns,
                Siret = demo.Siret, Denomination = demo.Denomination, TypeLogiciel = enrolment.TypeLogiciel, Couloir = enrolment.Couloir, RegimeTva = "HT",
                DateCommande = new DateOnly(2026, 9, 15), MontantSegurHTDeclare = 100m + i, EmailContact = "contact@editeur.example", CreatedAt = DateTime.UtcNow,
            };
            request.OnStateEntered(FinancingStates.DefinitionId, FinancingStates.EnCours, "En cours");
            db.FinancingRequests.Add(request);
        }

        await db.SaveChangesAsync();
    }
}
