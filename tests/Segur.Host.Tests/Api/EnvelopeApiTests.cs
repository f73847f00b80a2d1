using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Tests.Instruction;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Api;

/// <summary>
/// The budget envelope through the actions API, on a Host of its own (the test fills the envelope): a decision over it is
/// refused with the envelope named and nothing half-applied; a cancellation after a recovery order gives the amount back.
/// </summary>
public sealed class EnvelopeApiTests : IAsyncLifetime
{
    private const string Envelope = "MDV-2026";
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ADecisionOverTheEnvelope_IsRefusedInFrench_AndNothingIsHalfApplied_ThenARecoveryGivesTheAmountBack()
    {
        var (first, numero) = await StaffActors.DepositAsync(_app, _app.Demo.Suppliers[0], "ENV-001");
        var (_, other) = await StaffActors.DepositAsync(_app, _app.Demo.Suppliers[0], "ENV-002");
        using var staff = _app.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _app.Demo.Staff[0].ApiToken);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/v1/requests/{numero}/actions/Valider", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/v1/requests/{other}/actions/Valider", null)).StatusCode);

        // The first decision engages 360 €; then only 100 € are left on the envelope.
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/v1/requests/{numero}/actions/Decider", null)).StatusCode);
        var engagedAfterFirst = await EngagedCentsAsync();
        await SetEngagedCentsAsync(12_000_000_00L - 100_00L);

        using var refused = await staff.PostAsync($"/api/v1/requests/{other}/actions/Decider", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Action refusée", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!.Replace('\u00A0', ' ').Replace('\u202F', ' ');
        Assert.Contains("l'enveloppe budgétaire « Médecin de ville – 2026 » (MDV-2026) serait dépassée", detail);
        Assert.Contains($"Il y reste 100,00 € et la demande {other} a un montant décidé de 360,00 €", detail);

        var after = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{other}");
        Assert.Equal(("Validée", "Aucun paiement en cours", 0), (after.GetProperty("statut").GetString(), after.GetProperty("etatPaiement").GetString(), after.GetProperty("versements").GetArrayLength()));
        Assert.Equal(12_000_000_00L - 100_00L, await EngagedCentsAsync());
        Assert.DoesNotContain(_app.Mailbox.All(), m => (m.Subject ?? "").Contains($"Demande {other} :", StringComparison.Ordinal));

        // Cancelled after a total recovery order: the 360 € of the first decision return to the envelope they were drawn on.
        await SetEngagedCentsAsync(engagedAfterFirst);
        var body = new StringContent("{\"reason\": \"Ordre de reversement total n° OR-2026-3\"}", System.Text.Encoding.UTF8, "application/json");
        using var cancelled = await staff.PostAsync($"/api/v1/requests/{numero}/actions/AnnulerApresReversement", body);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(engagedAfterFirst - 360_00L, await EngagedCentsAsync());
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        Assert.False(await db.EnvelopeEngagements.AnyAsync(e => e.RequestId == first));
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/v1/requests/{other}/actions/Decider", null)).StatusCode);
    }

    private async Task<long> EngagedCentsAsync()
    {
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        return await db.BudgetEnvelopes.AsNoTracking().Where(e => e.Code == Envelope).Select(e => e.EngagedCents).SingleAsync();
    }

    /// <summary>Stands for the other decisions of the year: the envelope's row as if they had been engaged.</summary>
    private async Task SetEngagedCentsAsync(long cents)
    {
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"BudgetEnvelopes\" SET \"EngagedCents\" = {cents} WHERE \"Code\" = {Envelope}");
    }
}
