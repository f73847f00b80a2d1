using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Segur.Host.Tests.Instruction;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Engine.Timers;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Host.Tests.Api;

/// <summary>One Host per database for the scenario tests, with a clock the expiry path moves on.</summary>
public abstract class LifecycleHost : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public SegurApp App { get; private set; } = default!;

    protected abstract Task<IReadOnlyDictionary<string, string?>> SettingsAsync();

    public async Task InitializeAsync() => App = SegurApp.Start(Clock, await SettingsAsync());

    public virtual async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class SqliteLifecycleHost : LifecycleHost
{
    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() => Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());
}

public sealed class PostgreSqlLifecycleHost : LifecycleHost
{
    private PostgresDatabase? _database;

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        return _database.Settings;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class LifecycleScenarioTestsOnSqlite(SqliteLifecycleHost host) : LifecycleScenarioTests(host), IClassFixture<SqliteLifecycleHost>;

public sealed class LifecycleScenarioTestsOnPostgreSql(PostgreSqlLifecycleHost host) : LifecycleScenarioTests(host), IClassFixture<PostgreSqlLifecycleHost>;

/// <summary>
/// Every trigger of the three lifecycles (financing-request, payment, enrolment) walked through the actions APIs, on SQLite and on
/// PostgreSQL: each step checks the status answered, the journal entry written (trigger, state reached, who) and the e-mail
/// really sent (or that none is, where the definition sends none). The paths together fire each transition of the definitions.
/// </summary>
public abstract class LifecycleScenarioTests(LifecycleHost host)
{
    private readonly SegurApp _app = host.App;

    /// <summary>A step: who fires which trigger with which body, the status it leads to and the e-mail subject it sends (null: none).</summary>
    public sealed record Step(
        Caller By, string Trigger, Func<JsonElement, object?>? Body, string Field, string Statut, string StateCode, string? Mail);

    public enum Caller
    {
        Supplier,
        Staff,
    }

    private static readonly Step Completer = new(Caller.Supplier, "CompleterPieces", null, "statut", "En cours", "EnCours", null);
    private static readonly Step DemanderPiece = new(Caller.Staff, "DemanderPiece", _ => new { document = "Bon de commande signé" }, "statut", "En attente de pièce jointe complémentaire", "EnAttentePiece", "pièce justificative complémentaire");
    private static readonly Step DemanderCorrection = new(Caller.Staff, "DemanderCorrection", _ => new { reason = "Date de commande" }, "statut", "À modifier", "AModifier", "corrections à apporter");
    private static readonly Step Valider = new(Caller.Staff, "Valider", null, "statut", "Validée", "Validee", null);
    private static readonly Step Annuler = new(Caller.Supplier, "Annuler", null, "statut", "Annulée", "Annulee", "confirmation d'annulation");

    /// <summary>The financing request's paths, from a request just created ("Non complétée"): every transition of financing-request.json and payment.json.</summary>
    public static readonly IReadOnlyDictionary<string, Step[]> RequestPaths = new Dictionary<string, Step[]>
    {
        ["instruite, décidée, payée puis annulée après reversement"] =
        [
            Completer,
            DemanderPiece,
            new(Caller.Supplier, "AjouterPiece", null, "statut", "En cours", "EnCours", null),
            DemanderCorrection,
            new(Caller.Supplier, "Modifier", null, "statut", "En cours", "EnCours", null),
            Valider,
            new(Caller.Staff, "Decider", null, "statut", "Décidée", "Decidee", "décision de financement"),
            new(Caller.Staff, "MettreEnPaiement", null, "etatPaiement", "Paiement en cours", "PaiementEnCours", null),
            new(Caller.Staff, "EnregistrerPaiement", current => new
            {
                fields = new
                {
                    montantPaye = current.GetProperty("montantDecide").GetDecimal(),
                    datePaiement = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                },
            }, "etatPaiement", "Paiement effectué", "PaiementEffectue", "paiement effectué"),
            new(Caller.Staff, "AnnulerApresReversement", _ => new { reason = "Ordre de reversement total n° OR-2026-17." }, "statut", "Annulée", "Annulee", "annulation de votre demande"),
        ],
        ["annulée par le fournisseur en cours d'instruction"] = [Completer, Annuler],
        ["annulée par le fournisseur en attente de pièce"] = [Completer, DemanderPiece, Annuler],
        ["annulée par le fournisseur à modifier"] = [Completer, DemanderCorrection, Annuler],
        ["annulée par le fournisseur une fois validée"] = [Completer, Valider, Annuler],
        ["rejetée avec son motif"] = [Completer, new(Caller.Staff, "Rejeter", _ => new { reason = "Logiciel non référencé à la date de commande." }, "statut", "Rejetée", "Rejetee", "rejet de votre demande")],
        ["supprimée par le fournisseur avant d'être complétée"] = [new(Caller.Supplier, "Supprimer", null, "statut", "", "Supprimee", null)],
    };

    /// <summary>The enrolment's paths, from a complementary enrolment just submitted ("En cours"): every transition of enrolment.json.</summary>
    public static readonly IReadOnlyDictionary<string, Step[]> EnrolmentPaths = new Dictionary<string, Step[]>
    {
        ["pièce et certificat demandés, fournis, puis validé"] =
        [
            new(Caller.Staff, "DemanderPiece", _ => new { document = "Attestation de régime de TVA" }, "statut", "En attente de pièce justificative", "EnAttentePiece", "pièce justificative à fournir"),
            new(Caller.Supplier, "AjouterPiece", null, "statut", "En cours", "EnCours", null),
            new(Caller.Staff, "DemanderCertificat", null, "statut", "En attente du certificat de référencement", "EnAttenteCertificat", "certificat de référencement à fournir"),
            new(Caller.Supplier, "DeposerCertificat", null, "statut", "En cours", "EnCours", null),
            new(Caller.Staff, "Valider", null, "statut", "Validée", "Validee", "enrôlement validé"),
        ],
        ["rejeté avec son motif"] =
        [
            new(Caller.Staff, "Rejeter", _ => new { reason = "Le certificat ANS ne correspond pas au logiciel." }, "statut", "Rejetée", "Rejetee", "rejet de l'enrôlement"),
        ],
    };

    public static TheoryData<string> RequestPathNames() => [.. RequestPaths.Keys];

    public static TheoryData<string> EnrolmentPathNames() => [.. EnrolmentPaths.Keys];

    [Theory]
    [MemberData(nameof(RequestPathNames), MemberType = typeof(LifecycleScenarioTests))]
    public async Task EveryFinancingRequestAndPaymentTrigger_IsWalkedThroughTheActionsApi(string path)
    {
        var supplier = _app.Demo.Suppliers[0];
        var editeur = "SCN-" + Guid.NewGuid().ToString("N")[..8];
        var requestId = await FinancingRequests.CreateAsync(_app, supplier, editeur);
        var numero = await FinancingRequests.NumeroAspAsync(_app, requestId);
        using var owner = Client(supplier.ApiToken);
        using var staff = Client(_app.Demo.Staff[0].ApiToken);
        var current = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}");
        Assert.Equal("Non complétée", current.GetProperty("statut").GetString());

        var mails = 0;
        foreach (var step in RequestPaths[path])
        {
            var client = step.By == Caller.Staff ? staff : owner;
            var uid = step.By == Caller.Staff ? _app.Demo.Staff[0].Uid : supplier.Uid;
            var before = await JournalCountAsync(requestId, step.Trigger);
            if (step.Trigger == "CompleterPieces")
            {
                // The supplier's software completes a request by sending its documents: the documents API fires the trigger.
                using var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(TestFiles.Pdf(editeur));
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                form.Add(file, "fichiers", editeur + ".pdf");
                using var sent = await owner.PostAsync($"/api/v1/requests/{numero}/documents", form);
                Assert.True(sent.IsSuccessStatusCode, $"{path}, pièces : {(int)sent.StatusCode} {await sent.Content.ReadAsStringAsync()}");
                current = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}");
            }
            else
            {
                Assert.Contains(step.Trigger, await OfferedAsync(client, $"/api/v1/requests/{numero}/actions"));
                using var response = await Post(client, $"/api/v1/requests/{numero}/actions/{step.Trigger}", step.Body?.Invoke(current));
                var text = await response.Content.ReadAsStringAsync();
                if (step.Trigger == "Supprimer")
                {
                    Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{path}, {step.Trigger} : {(int)response.StatusCode} {text}");
                    Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/v1/requests/{numero}")).StatusCode);
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}, {step.Trigger} : {(int)response.StatusCode} {text}");
                    current = JsonSerializer.Deserialize<JsonElement>(text);
                }
            }

            if (step.Statut.Length > 0)
            {
                Assert.Equal(step.Statut, current.GetProperty(step.Field).GetString());
            }

            await AssertJournaledAsync(requestId, step, before, uid);
            mails = await AssertMailAsync($"Demande {numero} : ", step, mails);
        }

        if (path.Contains("payée", StringComparison.Ordinal))
        {
            await AssertVersementAsync(owner, numero);
        }

        Assert.Equal(mails, MailsAbout($"Demande {numero} : "));
    }

    [Fact]
    public async Task TheExpiryTrigger_IsOfferedToNoOne_AndFiresFromItsTimer_SevenDaysAfterTheImport()
    {
        var supplier = _app.Demo.Suppliers[0];
        var requestId = await FinancingRequests.CreateAsync(_app, supplier, "EXP-" + Guid.NewGuid().ToString("N")[..8]);
        var numero = await FinancingRequests.NumeroAspAsync(_app, requestId);
        using var owner = Client(supplier.ApiToken);
        Assert.DoesNotContain("Expirer", await OfferedAsync(owner, $"/api/v1/requests/{numero}/actions"));
        using (var refused = await Post(owner, $"/api/v1/requests/{numero}/actions/Expirer", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        Assert.Equal(0, await JournalCountAsync(requestId, "Expirer"));
        host.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await _app.Services.GetRequiredService<TimerSweeper>().FireDueAsync();

        Assert.Equal(1, await JournalCountAsync(requestId, "Expirer"));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/v1/requests/{numero}")).StatusCode);
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        Assert.Equal("Supprimee", (await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == requestId)).Status);
        Assert.Equal(0, MailsAbout($"Demande {numero} : "));
    }

    [Theory]
    [MemberData(nameof(EnrolmentPathNames), MemberType = typeof(LifecycleScenarioTests))]
    public async Task EveryEnrolmentTrigger_IsWalkedThroughTheEnrolmentActionsApi(string path)
    {
        var supplier = _app.Demo.Suppliers[0];
        var ans = "ANS-SCN-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await SupplierEnrolments.SubmitComplementaryAsync(_app, supplier, ans);
        Guid enrolmentId;
        await using (var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext())
        {
            enrolmentId = await db.Enrolments.Where(e => e.NumeroAns == ans).Select(e => e.Id).SingleAsync();
        }

        using var owner = Client(supplier.ApiToken);
        using var staff = Client(_app.Demo.Staff[0].ApiToken);
        using var other = Client(_app.Demo.Suppliers[1].ApiToken);
        Assert.Equal("En cours", (await owner.GetFromJsonAsync<JsonElement>($"/api/v1/enrolments/{ans}")).GetProperty("statut").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/enrolments/{ans}/actions")).StatusCode);
        using (var staffOnly = await Post(owner, $"/api/v1/enrolments/{ans}/actions/Valider", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, staffOnly.StatusCode);
        }

        var mails = 0;
        foreach (var step in EnrolmentPaths[path])
        {
            var client = step.By == Caller.Staff ? staff : owner;
            var uid = step.By == Caller.Staff ? _app.Demo.Staff[0].Uid : supplier.Uid;
            var before = await JournalCountAsync(enrolmentId, step.Trigger, "Enrolment");
            Assert.Contains(step.Trigger, await OfferedAsync(client, $"/api/v1/enrolments/{ans}/actions"));
            using var response = await Post(client, $"/api/v1/enrolments/{ans}/actions/{step.Trigger}", step.Body?.Invoke(default));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}, {step.Trigger} : {(int)response.StatusCode} {text}");
            Assert.Equal(step.Statut, JsonSerializer.Deserialize<JsonElement>(text).GetProperty("statut").GetString());
            await AssertJournaledAsync(enrolmentId, step, before, uid, "Enrolment");
            mails = await AssertMailAsync($"Enrôlement {ans} : ", step, mails);
        }

        Assert.Equal(mails, MailsAbout($"Enrôlement {ans} : "));
    }

    /// <summary>The VERSE001 row as GET answers it after the payment, and its avis de paiement downloaded by its id.</summary>
    private async Task AssertVersementAsync(HttpClient owner, string numero)
    {
        var detail = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}");
        var versement = Assert.Single(detail.GetProperty("versements").EnumerateArray());
        var decided = detail.GetProperty("montantDecide").GetDecimal();
        Assert.Equal(("VERSE001", "avance", "Paiement effectué", decided, decided),
            (versement.GetProperty("objet").GetString(), versement.GetProperty("type").GetString(), versement.GetProperty("etat").GetString(),
             versement.GetProperty("montantDecide").GetDecimal(), versement.GetProperty("montantPaye").GetDecimal()));
        Assert.Equal(JsonValueKind.String, versement.GetProperty("dateValidation").ValueKind);
        Assert.Equal(JsonValueKind.String, versement.GetProperty("dateMiseEnPaiement").ValueKind);
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), versement.GetProperty("datePaiementEffective").GetString());
        var avis = versement.GetProperty("avisDePaiement").GetString();
        var pdf = await owner.GetByteArrayAsync($"/api/v1/requests/{numero}/documents/{avis}");
        Assert.Contains($"la somme de {decided.ToString("N2", CultureInfo.GetCultureInfo("fr-FR")).Replace('\u202F', ' ').Replace('\u00A0', ' ')} €", PdfText.Read(pdf));
    }

    private async Task AssertJournaledAsync(Guid subjectId, Step step, int before, string uid, string subjectType = "FinancingRequest")
    {
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var entries = await JournalAsync(db, subjectId, step.Trigger, subjectType);
        Assert.True(entries.Count == before + 1, $"{step.Trigger} : {entries.Count - before} entrée(s) de journal au lieu d'une.");
        var last = entries[^1];
        Assert.Equal((step.Trigger, step.StateCode, uid), (last.Trigger, last.ToState, last.ActorId));
    }

    private async Task<int> JournalCountAsync(Guid subjectId, string trigger, string subjectType = "FinancingRequest")
    {
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        return (await JournalAsync(db, subjectId, trigger, subjectType)).Count;
    }

    /// <summary>The journal of a subject's lifecycle and, for a request, of its payments', for one trigger, oldest first.</summary>
    private static async Task<List<Segur.Workflows.Engine.Runtime.JournalEntry>> JournalAsync(SegurDbContext db, Guid subjectId, string trigger, string subjectType)
    {
        var subjects = new List<string> { subjectId.ToString() };
        if (subjectType == "FinancingRequest")
        {
            subjects.AddRange((await db.Payments.AsNoTracking().Where(p => p.RequestId == subjectId).Select(p => p.Id).ToListAsync()).Select(id => id.ToString()));
        }

        var instances = await db.WorkflowInstances.AsNoTracking().Where(i => subjects.Contains(i.SubjectId)).Select(i => i.Id).ToListAsync();
        return await db.WorkflowJournal.AsNoTracking()
            .Where(j => instances.Contains(j.InstanceId) && j.Trigger == trigger)
            .OrderBy(j => j.Id)
            .ToListAsync();
    }

    /// <summary>Waits for the step's e-mail when it sends one; returns how many e-mails the subject should have had so far.</summary>
    private async Task<int> AssertMailAsync(string prefix, Step step, int mails)
    {
        if (step.Mail is null)
        {
            return mails;
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_app.Mailbox.All().Any(m => (m.Subject ?? "").Contains(prefix + step.Mail, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{step.Trigger} : aucun e-mail « {prefix}{step.Mail} » ; reçus : "
                + string.Join(" | ", _app.Mailbox.All().Select(m => m.Subject)));
            await Task.Delay(50);
        }

        var count = MailsAbout(prefix);
        Assert.True(count == mails + 1, $"{step.Trigger} : {count - mails} e-mail(s) au lieu d'un.");
        return count;
    }

    private int MailsAbout(string prefix) => _app.Mailbox.All().Count(m => (m.Subject ?? "").Contains(prefix, StringComparison.Ordinal));

    private static async Task<List<string>> OfferedAsync(HttpClient client, string url) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(url)).EnumerateArray().Select(a => a.GetProperty("trigger").GetString()!)];

    private HttpClient Client(string token)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string url, object? body) =>
        client.PostAsync(url, body is null ? null : new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
}
