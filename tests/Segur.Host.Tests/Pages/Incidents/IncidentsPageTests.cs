using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Engine.Mail;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Pages.Incidents;

/// <summary>The staff incidents page: failed actions to retry, undelivered messages to re-drive; /health counts them.</summary>
public sealed class IncidentsPageTests
{
    [Fact]
    public async Task Staff_SeeFailedActionsAndUndeliveredMessages_WithoutTheirContent_SuppliersDoNot_AndHealthCountsThem()
    {
        await using var app = SegurApp.Start();
        var (numeroAsp, _, _) = await ArrangeAsync(app);

        using (var staff = app.Pages())
        {
            await staff.SignInAsync(app.Demo.Staff[0].Uid, app.Demo.Staff[0].Password);
            var page = await staff.GetAsync("/incidents");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var incidents = page.TextOf("[data-testid=incidents]");
            Assert.Contains($"Demande n° {numeroAsp}", incidents);
            Assert.Contains("Panne simulée du service de suppression", incidents);
            var row = page.Document.QuerySelectorAll("[data-testid=incidents] tbody td").Select(td => td.TextContent.Trim()).ToList();
            Assert.Equal(["Non complétée", "Supprimer la demande"], row.Skip(2).Take(2));
            var letters = page.TextOf("[data-testid=dead-letters]");
            Assert.Contains("E-mail", letters);
            Assert.Contains("Relance de votre demande", letters);
            Assert.Contains("boîte pleine", letters);
            Assert.DoesNotContain("mot de passe secret", page.Html);
        }

        using (var supplier = app.Pages())
        {
            await supplier.SignInAsync(app.Demo.Suppliers[0].Uid, app.Demo.Suppliers[0].Password);
            var page = await supplier.GetAsync("/incidents");
            Assert.DoesNotContain("Panne simulée", page.Html);
        }

        using var health = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/health"));
        Assert.Equal("Degraded", health.RootElement.GetProperty("status").GetString());
        var operations = health.RootElement.GetProperty("checks").GetProperty("operations");
        Assert.Equal(1, operations.GetProperty("data").GetProperty("deadLetters").GetInt32());
        Assert.Equal(1, operations.GetProperty("data").GetProperty("openIncidents").GetInt32());
        Assert.Contains("/incidents", operations.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Staff_ReDriveAMessage_AndRetryAFailedAction_FromThePage()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var (_, requestId, instanceId) = await ArrangeAsync(app);
        var staff = app.Demo.Staff[0];
        await using var browser = await SupplierBrowser.SignInAsync(address, new DemoSupplier(staff.Uid, staff.Password, "", "", "", ""));

        await browser.GoToInteractiveAsync("/incidents");
        await browser.CheckAsync("incidents", "Incidents");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Relancer le message Relance de votre demande" }).ClickAsync();
        await Assertions.Expect(browser.Page.GetByTestId("notice")).ToContainTextAsync("est relancé");
        await app.Mailbox.WaitForAsync("contact@editeur.example", "Relance de votre demande");
        await Assertions.Expect(browser.Page.GetByTestId("no-dead-letters")).ToBeVisibleAsync();

        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Réessayer l'action Supprimer la demande" }).ClickAsync();
        await Assertions.Expect(browser.Page.GetByTestId("notice")).ToContainTextAsync("a réussi");
        await Assertions.Expect(browser.Page.GetByTestId("no-incidents")).ToBeVisibleAsync();
        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        Assert.Equal("Supprimee", (await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.Id == instanceId)).State);
        Assert.NotNull((await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == requestId)).DeletedAt);
    }

    /// <summary>A request whose deletion failed (an incident) and a dead-lettered e-mail.</summary>
    private static async Task<(string NumeroAsp, Guid RequestId, Guid InstanceId)> ArrangeAsync(SegurApp app)
    {
        var demo = app.Demo.Suppliers[0];
        var requestId = await FinancingRequests.CreateAsync(app, demo, "ED-INCIDENT");
        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var request = await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == requestId);
        var instance = await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.SubjectId == requestId.ToString());
        db.Incidents.Add(new Incident
        {
            Id = Guid.CreateVersion7(),
            InstanceId = instance.Id,
            Trigger = "Supprimer",
            ActorId = demo.Uid,
            ActorRoles = "Fournisseur",
            ActorSupplierId = request.SupplierId.ToString(),
            State = instance.State,
            Message = "Panne simulée du service de suppression",
            CreatedAt = DateTime.UtcNow,
        });
        app.Services.GetRequiredService<OutboxWriter>().Add(db,
            new EmailRequested("contact@editeur.example", "Relance de votre demande", "Votre mot de passe secret : 1234", null));
        var letter = db.OutboxMessages.Local.Single();
        letter.DispatchedAt = letter.DeadLetteredAt = DateTime.UtcNow;
        letter.Attempts = 5;
        letter.LastError = "SmtpCommandException : boîte pleine";
        await db.SaveChangesAsync();
        return (request.NumeroAsp, requestId, instance.Id);
    }
}
