using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Tests.Instruction;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Instruction;

namespace Segur.Host.Tests.Api;

/// <summary>One Host for the actions API tests: each test makes its own requests.</summary>
public sealed class ActionsApiHost : IAsyncLifetime
{
    public SegurApp App { get; private set; } = default!;

    public Task InitializeAsync()
    {
        App = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// The actions API as suppliers' software and staff tools call it: the triggers the definition offers the caller now, the fire with
/// its fields, the e-mails really sent, and every refusal of the "Bad input" list as a French ProblemDetails.
/// </summary>
public sealed class ActionsApiTests(ActionsApiHost host) : IClassFixture<ActionsApiHost>
{
    private readonly SegurApp _app = host.App;

    [Fact]
    public async Task StaffAndSupplier_WalkARequestFromDepositToPayment_ThroughTheActionsApi()
    {
        var supplier = _app.Demo.Suppliers[0];
        var (_, numero) = await StaffActors.DepositAsync(_app, supplier, "WALK-" + Guid.NewGuid().ToString("N")[..6]);
        using var staff = Client(_app.Demo.Staff[0].ApiToken);
        using var owner = Client(supplier.ApiToken);

        var offered = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}/actions");
        Assert.Equal(["DemanderPiece", "DemanderCorrection", "Valider", "Rejeter"], Triggers(offered));
        var piece = offered.EnumerateArray().Single(a => a.GetProperty("trigger").GetString() == "DemanderPiece");
        Assert.Equal(("Demander une pièce", "En attente de pièce jointe complémentaire", false, "Demande de financement"),
            (piece.GetProperty("label").GetString(), piece.GetProperty("targetStatut").GetString(), piece.GetProperty("reasonRequired").GetBoolean(), piece.GetProperty("cycle").GetString()));
        var field = piece.GetProperty("fields")[0];
        Assert.Equal(("piece", "Pièce demandée", "text", true),
            (field.GetProperty("name").GetString(), field.GetProperty("label").GetString(), field.GetProperty("type").GetString(), field.GetProperty("required").GetBoolean()));
        Assert.True(offered.EnumerateArray().Single(a => a.GetProperty("trigger").GetString() == "Rejeter").GetProperty("reasonRequired").GetBoolean());
        Assert.Equal(["Annuler"], Triggers(await owner.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}/actions")));

        var asked = await Fire(staff, numero, "DemanderPiece", new { document = "Bon de commande signé par le bénéficiaire" });
        Assert.Equal("En attente de pièce jointe complémentaire", asked.GetProperty("statut").GetString());
        var mail = await _app.Mailbox.WaitForAsync("contact@editeur.example", $"Demande {numero} : pièce justificative complémentaire");
        Assert.Contains("Bon de commande signé par le bénéficiaire", mail.TextBody);
        Assert.Equal(["AjouterPiece", "Annuler"], Triggers(await owner.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}/actions")));
        Assert.Equal("En cours", (await Fire(owner, numero, "AjouterPiece", null)).GetProperty("statut").GetString());

        var corrections = await Fire(staff, numero, "DemanderCorrection", new { fields = new { corrections = new[] { "Date de commande", "RPPS du médecin" } } });
        Assert.Equal("À modifier", corrections.GetProperty("statut").GetString());
        var correctionMail = await _app.Mailbox.WaitForAsync("contact@editeur.example", $"Demande {numero} : corrections à apporter");
        Assert.Contains("Date de commande\nRPPS du médecin", correctionMail.TextBody!.Replace("\r\n", "\n"));
        Assert.Equal("En cours", (await Fire(owner, numero, "Modifier", null)).GetProperty("statut").GetString());

        var before = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("montantRetenuHT").ValueKind);
        var validated = await Fire(staff, numero, "Valider", null);
        Assert.Equal(("Validée", 1200m, 1200m, 360m),
            (validated.GetProperty("statut").GetString(), validated.GetProperty("montantRetenuHT").GetDecimal(),
             validated.GetProperty("montantRetenuTTC").GetDecimal(), validated.GetProperty("montantDecide").GetDecimal()));

        var decided = await Fire(staff, numero, "Decider", null);
        Assert.Equal(("Décidée", "Aucun paiement en cours"), (decided.GetProperty("statut").GetString(), decided.GetProperty("etatPaiement").GetString()));
        Assert.Contains("360,00", (await _app.Mailbox.WaitForAsync("contact@editeur.example", $"Demande {numero} : décision de financement")).TextBody);
        var afterDecision = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}/actions");
        Assert.Contains("MettreEnPaiement", Triggers(afterDecision));
        Assert.Equal("Versement", afterDecision.EnumerateArray().Single(a => a.GetProperty("trigger").GetString() == "MettreEnPaiement").GetProperty("cycle").GetString());

        Assert.Equal("Paiement en cours", (await Fire(staff, numero, "MettreEnPaiement", null)).GetProperty("etatPaiement").GetString());
        using (var wrong = await Post(staff, numero, "EnregistrerPaiement", new { fields = new { montantPaye = 350, datePaiement = "2026-12-01" } }))
        {
            await AssertProblem(wrong, HttpStatusCode.UnprocessableEntity, "doit être égal au montant décidé");
        }

        using (var unreadable = await Post(staff, numero, "EnregistrerPaiement", new { fields = new { montantPaye = "trois cent soixante", datePaiement = "31/02/2026" } }))
        {
            var problem = await AssertProblem(unreadable, HttpStatusCode.UnprocessableEntity, "« Montant payé » doit être un nombre");
            Assert.Contains("« Date de paiement effective » doit être une date", problem.GetProperty("detail").GetString());
        }

        var paid = await Fire(staff, numero, "EnregistrerPaiement", new { fields = new { montantPaye = "360,00", datePaiement = "01/12/2026" } });
        Assert.Equal("Paiement effectué", paid.GetProperty("etatPaiement").GetString());
        var paidMail = await _app.Mailbox.WaitForAsync("contact@editeur.example", $"Demande {numero} : paiement effectué");
        Assert.Contains("01/12/2026", paidMail.TextBody);
        Assert.Contains("AnnulerApresReversement", Triggers(await staff.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}/actions")));
    }

    [Fact]
    public async Task ARejection_NeedsItsMotive_AndMailsIt()
    {
        var (_, numero) = await StaffActors.DepositAsync(_app, _app.Demo.Suppliers[0], "REJ-" + Guid.NewGuid().ToString("N")[..6]);
        using var staff = Client(_app.Demo.Staff[0].ApiToken);

        using (var missing = await Post(staff, numero, "Rejeter", new { }))
        {
            await AssertProblem(missing, HttpStatusCode.UnprocessableEntity, "Motif du rejet");
        }

        using (var blank = await Post(staff, numero, "DemanderPiece", new { document = "   " }))
        {
            await AssertProblem(blank, HttpStatusCode.UnprocessableEntity, "Pièce demandée");
        }

        Assert.Equal("En cours", (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}")).GetProperty("statut").GetString());
        var rejected = await Fire(staff, numero, "Rejeter", new { reason = "Le logiciel n'était pas référencé à la date de commande." });
        Assert.Equal("Rejetée", rejected.GetProperty("statut").GetString());
        Assert.Contains("pas référencé", (await _app.Mailbox.WaitForAsync("contact@editeur.example", $"Demande {numero} : rejet")).TextBody);
        Assert.Empty(Triggers(await staff.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}/actions")));
    }

    [Fact]
    public async Task AnActionNotPermittedInTheState_IsAConflictNamingTheStateAndTheAction()
    {
        var (_, numero) = await StaffActors.DepositAsync(_app, _app.Demo.Suppliers[0], "STATE-" + Guid.NewGuid().ToString("N")[..6]);
        using var staff = Client(_app.Demo.Staff[0].ApiToken);

        using var decide = await Post(staff, numero, "Decider", null);
        var problem = await AssertProblem(decide, HttpStatusCode.Conflict, "« Decider »");
        Assert.Contains("« En cours »", problem.GetProperty("detail").GetString());

        using var supplierOnly = await Post(staff, numero, "Annuler", null);
        Assert.Contains("réservée au(x) rôle(s) Fournisseur", (await AssertProblem(supplierOnly, HttpStatusCode.Conflict, "« Annuler »")).GetProperty("detail").GetString());

        using var reason = await Post(staff, numero, "Valider", new { reason = "parce que" });
        await AssertProblem(reason, HttpStatusCode.UnprocessableEntity, "n'attend pas de motif");

        using var unknownField = await Post(staff, numero, "DemanderPiece", new { document = "RIB", fields = new { couleur = "bleu" } });
        await AssertProblem(unknownField, HttpStatusCode.UnprocessableEntity, "Le champ « couleur » n'existe pas");

        using var unknown = await Post(staff, numero, "Teleporter", null);
        await AssertProblem(unknown, HttpStatusCode.NotFound, "Teleporter");

        using var malformed = await staff.PostAsync($"/api/v1/requests/{numero}/actions/Valider", new StringContent("{\"reason\": ", Encoding.UTF8, "application/json"));
        await AssertProblem(malformed, HttpStatusCode.UnprocessableEntity, "n'est pas un objet JSON");

        Assert.Equal("En cours", (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}")).GetProperty("statut").GetString());
        Assert.DoesNotContain(_app.Mailbox.All(), m => (m.Subject ?? "").Contains(numero, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASupplier_GetsNotFound_ForAStaffAction_OrAnyActionOnAnotherSuppliersRequest()
    {
        var (owner, other) = (_app.Demo.Suppliers[0], _app.Demo.Suppliers[1]);
        var (_, numero) = await StaffActors.DepositAsync(_app, owner, "OWN-" + Guid.NewGuid().ToString("N")[..6]);
        using var ownerClient = Client(owner.ApiToken);
        using var otherClient = Client(other.ApiToken);

        using var staffAction = await Post(ownerClient, numero, "Valider", null);
        await AssertProblem(staffAction, HttpStatusCode.NotFound, "n'offre pas d'action « Valider »");

        var missing = await (await otherClient.GetAsync($"/api/v1/requests/NEXISTEPAS/actions")).Content.ReadAsStringAsync();
        foreach (var response in new[]
                 {
                     await otherClient.GetAsync($"/api/v1/requests/{numero}/actions"),
                     await otherClient.GetAsync($"/api/v1/requests/{numero}"),
                     await Post(otherClient, numero, "Annuler", null),
                     await Post(otherClient, numero, "Valider", null),
                 })
        {
            using (response)
            {
                var problem = await AssertProblem(response, HttpStatusCode.NotFound, "n'est accessible à votre compte");
                Assert.DoesNotContain(owner.Denomination, problem.GetRawText());
            }
        }

        Assert.Contains("n'est accessible à votre compte", missing);
        Assert.Equal("En cours", (await ownerClient.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}")).GetProperty("statut").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync($"/api/v1/requests/{numero}/actions")).StatusCode);
    }

    [Fact]
    public async Task Staff_NeverSeeAnIncompleteRequest()
    {
        var id = await FinancingRequests.CreateAsync(_app, _app.Demo.Suppliers[0], "HIDDEN-" + Guid.NewGuid().ToString("N")[..6]);
        var numero = await FinancingRequests.NumeroAspAsync(_app, id);
        using var staff = Client(_app.Demo.Staff[0].ApiToken);

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/v1/requests/{numero}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/v1/requests/{numero}/actions")).StatusCode);
        using var complete = await Post(staff, numero, "CompleterPieces", null);
        Assert.Equal(HttpStatusCode.NotFound, complete.StatusCode);
    }

    [Fact]
    public async Task TwoStaffActingAtOnce_OneSucceeds_TheOtherIsToldOfTheConflict()
    {
        var (_, numero) = await StaffActors.DepositAsync(_app, _app.Demo.Suppliers[1], "RACE-" + Guid.NewGuid().ToString("N")[..6]);
        using var first = Client(_app.Demo.Staff[0].ApiToken);
        using var second = Client(_app.Demo.Staff[1].ApiToken);

        var responses = await Task.WhenAll(Post(first, numero, "Valider", null), Post(second, numero, "Valider", null));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
        Assert.Contains("Valider", (await loser.Content.ReadAsStringAsync()));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        await using var db = _app.Services.GetRequiredService<Segur.Workflows.Persistence.SegurDatabase>().CreateContext();
        var subjectId = db.FinancingRequests.Where(r => r.NumeroAsp == numero).Select(r => r.Id).Single().ToString();
        var instance = db.WorkflowInstances.Single(i => i.SubjectType == "FinancingRequest" && i.SubjectId == subjectId);
        Assert.Equal(1, db.WorkflowJournal.Count(j => j.InstanceId == instance.Id && j.Trigger == "Valider"));
        Assert.Equal(1, db.StaffTasks.Count(t => t.InstanceId == instance.Id && t.Code == "DecisionDemande"));
    }

    [Fact]
    public async Task AStaffMember_CannotActOnATaskAnotherHolds()
    {
        var (_, numero) = await StaffActors.DepositAsync(_app, _app.Demo.Suppliers[0], "HELD-" + Guid.NewGuid().ToString("N")[..6]);
        var inbox = _app.Services.GetRequiredService<TaskInbox>();
        var holder = StaffActors.Superviseur(_app);
        var task = (await inbox.ListAsync(holder, new TaskFilter(), 1, 200)).Items.Single(t => t.NumeroAsp == numero);
        await _app.Services.GetRequiredService<TaskClaims>().ClaimAsync(task.Id, holder);

        using var other = Client(_app.Demo.Staff[0].ApiToken);
        using var refused = await Post(other, numero, "Valider", null);
        await AssertProblem(refused, HttpStatusCode.Conflict, "déjà prise par Superviseure ASP (démo) (GES200002)");

        using var holderClient = Client(_app.Demo.Staff[1].ApiToken);
        Assert.Equal("Validée", (await Fire(holderClient, numero, "Valider", null)).GetProperty("statut").GetString());
    }

    [Fact]
    public async Task TheApiReference_DescribesTheRequestItsPaymentsAndTheErrors_InFrench()
    {
        using var anonymous = _app.CreateClient();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        string Described(string schema, string property) =>
            schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("description").GetString()!;

        Assert.Contains("null tant que la demande n'est pas instruite", Described("RequestView", "montantRetenuHT"));
        Assert.Contains("null tant que la demande n'est pas instruite", Described("RequestView", "montantDecide"));
        Assert.Contains("VERSE001", Described("RequestView", "versements"));
        Assert.Contains("le montant payé doit lui être égal", Described("VersementView", "montantDecide"));
        Assert.Contains("Date de paiement effective", Described("VersementView", "datePaiementEffective"));
        Assert.Contains("avis de paiement", Described("VersementView", "avisDePaiement"));
        Assert.Contains("Libellé du statut", Described("ActionView", "targetStatut"));
        var paths = document.GetProperty("paths");
        var fire = paths.GetProperty("/api/v1/requests/{numeroASP}/actions/{trigger}").GetProperty("post");
        Assert.Contains("409 action impossible dans le statut actuel", fire.GetProperty("description").GetString());
        Assert.True(paths.TryGetProperty("/api/v1/enrolments/{numeroAns}/actions/{trigger}", out _));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/reference")).StatusCode);
    }

    private HttpClient Client(string token)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string numero, string trigger, object? body) =>
        client.PostAsync($"/api/v1/requests/{numero}/actions/{trigger}",
            body is null ? null : new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> Fire(HttpClient client, string numero, string trigger, object? body)
    {
        using var response = await Post(client, numero, trigger, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{trigger} : {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detailPart)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} au lieu de {(int)status} : {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Contains(detailPart, problem.GetProperty("detail").GetString());
        return problem;
    }

    private static List<string> Triggers(JsonElement actions) => [.. actions.EnumerateArray().Select(a => a.GetProperty("trigger").GetString()!)];
}
