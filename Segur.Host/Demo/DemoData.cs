using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows;
using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Financing;
using Segur.Workflows.Imports;
using Segur.Workflows.Persistence;
using Segur.Workflows.Suppliers;

namespace Segur.Host.Demo;

/// <summary>
/// The demo accounts of the embedded mode: two suppliers with a Validée enrolment (validated through the
/// enrolment workflow), a staff member and an analyst. Their logins and API tokens are written to
/// &lt;DataDirectory&gt;/demo-credentials.json and printed at start-up.
/// </summary>
internal sealed class DemoData(
    SegurDbContext db,
    UserManager<UserAccount> users,
    RoleManager<IdentityRole> roles,
    WorkflowRuntime runtime,
    DatabaseWriter writer,
    SegurSettings settings,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<DemoData> logger)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly DemoSupplier[] s_suppliers =
    [
        new("FRN100001", "84123456700011", "Cabinet Logiciels Santé Exemple", "12 rue des Exemples, 75011 Paris",
            "contact@cabinet-logiciels.example", "ANS-2026-LGC-0001", "LGC", "MEDECIN_DE_VILLE",
            "DMP,DMP_PFI,MSSPRO,MSSPRO_PFI,MSSCITOYEN,MSSCITOYEN_PFI,PSC,CDS", 2,
            new Person("Durand", "Sophie", "contact@cabinet-logiciels.example", "01 42 00 00 01"),
            new BankDetails("Cabinet Logiciels Santé Exemple", "FR7630004000031234567890143", "BNPAFRPP")),
        new("FRN100002", "91234567800011", "Hôpital Numérique Exemple SAS", "3 avenue des Essais, 69003 Lyon",
            "contact@hopital-numerique.example", "ANS-2026-DPI-0001", "DPI", "HOPITAL",
            "DMP,DMP_PFI,MSSPRO,MSSPRO_PFI,MSSCITOYEN,MSSCITOYEN_PFI,PSC", 1,
            new Person("Lefèvre", "Marc", "contact@hopital-numerique.example", "04 72 00 00 02"),
            new BankDetails("Hôpital Numérique Exemple SAS", "FR7610107001011234567890129", "BREDFRPP")),

        // A DUI software of the couloir MS1 (social et médico-social): its requests show the MS1 scenario table.
        new("FRN100003", "79345678900015", "Médico-Social Numérique Exemple", "8 quai des Chartrons, 33000 Bordeaux",
            "contact@medico-social-numerique.example", "ANS-2026-DUI-0001", "DUI", "MS1",
            "DMP,MSSPRO,MSSCITOYEN_PFI,PSC", 1,
            new Person("Martin", "Claire", "contact@medico-social-numerique.example", "05 56 00 00 03"),
            new BankDetails("Médico-Social Numérique Exemple", "FR7615589330001234567890192", "CMBRFR2B")),
    ];

    private string CredentialsFile => Path.Combine(settings.DataDirectory, "demo-credentials.json");

    public async Task EnsureAsync()
    {
        // One query for the roles there are (every start but the first finds them all) rather than a look-up per role through
        // the role manager: this check runs beside the first pages (decision 0210).
        var existingRoles = await db.Roles.AsNoTracking().Select(r => r.NormalizedName).ToListAsync();
        foreach (var role in Roles.All.Where(r => !existingRoles.Contains(roles.NormalizeKey(r))))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }

        var credentials = File.Exists(CredentialsFile)
            ? JsonSerializer.Deserialize<DemoCredentials>(await File.ReadAllTextAsync(CredentialsFile), s_json)
            : null;
        var allExist = await db.Users.CountAsync(u => u.UserName!.StartsWith("FRN1") || u.UserName == "GES200001" || u.UserName == "GES200002" || u.UserName == "ANA300001")
            == s_suppliers.Length + 3;
        var created = credentials is null || !allExist;
        if (created)
        {
            credentials = await CreateAsync();
        }

        if (configuration.GetValue("Segur:Demo:DepositedRequests", true))
        {
            await EnsureDepositedRequestsAsync();
        }

        if (created)
        {
            // Last, and whole or not at all: the file's presence tells that the demo data exist (they are made once the Host answers).
            var partial = CredentialsFile + ".tmp";
            await File.WriteAllTextAsync(partial, JsonSerializer.Serialize(credentials, s_json));
            File.Move(partial, CredentialsFile, overwrite: true);
        }

        Print(credentials!);
    }

    private async Task<DemoCredentials> CreateAsync()
    {
        var suppliers = new List<SupplierCredential>();
        foreach (var demo in s_suppliers)
        {
            // The account first: validating the enrolment would otherwise create the company's first account itself.
            var supplier = await EnsureSupplierAsync(demo);
            var (password, token) = await EnsureUserAsync(demo.Uid, demo.Denomination, demo.Email, Roles.Fournisseur, supplier.Id);
            await EnsureEnrolmentAsync(demo, supplier);
            suppliers.Add(new SupplierCredential(demo.Uid, password, token, demo.Siret, demo.NumeroAns, demo.Denomination));
        }

        var (staffPassword, staffToken) = await EnsureUserAsync("GES200001", "Gestionnaire ASP (démo)", "gestionnaire@asp.example", Roles.Gestionnaire, null);
        var (supervisorPassword, supervisorToken) = await EnsureUserAsync(
            "GES200002", "Superviseure ASP (démo)", "superviseur@asp.example", Roles.Gestionnaire, null, Roles.Superviseur);
        var (analystPassword, analystToken) = await EnsureUserAsync("ANA300001", "Analyste métier (démo)", "analyste@asp.example", Roles.Analyste, null);
        return new DemoCredentials(
            suppliers,
            [new AccountCredential("GES200001", staffPassword, staffToken), new AccountCredential("GES200002", supervisorPassword, supervisorToken)],
            [new AccountCredential("ANA300001", analystPassword, analystToken)]);
    }

    private async Task<Supplier> EnsureSupplierAsync(DemoSupplier demo)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var supplier = await db.Suppliers.SingleOrDefaultAsync(s => s.Siret == demo.Siret);
        if (supplier is null)
        {
            supplier = new Supplier
            {
                Id = Guid.CreateVersion7(now), Siret = demo.Siret, Denomination = demo.Denomination, Address = demo.Address,
                ContactEmail = demo.Email, CreatedAt = now,
            };
            db.Suppliers.Add(supplier);
            await db.SaveChangesAsync();
        }

        return supplier;
    }

    private async Task EnsureEnrolmentAsync(DemoSupplier demo, Supplier supplier)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await db.Enrolments.AnyAsync(e => e.NumeroAns == demo.NumeroAns))
        {
            var enrolment = new Enrolment
            {
                Id = Guid.CreateVersion7(now), SupplierId = supplier.Id, NumeroAns = demo.NumeroAns, TypeEnrolement = "initial",
                TypeLogiciel = demo.TypeLogiciel, Couloir = demo.Couloir, Vague = demo.Vague, ReferencingDate = new DateOnly(2026, 6, 1),
                Profiles = demo.Profiles, EmailDeposant = demo.Email, EmailRepresentantLegal = demo.Email, CreatedAt = now,

                // The legal representative deposits himself; the bank details are those payments go to until a change is validated.
                RepresentantLegal = demo.Representant, Deposant = demo.Representant with { }, Banque = demo.Banque with { },
            };
            db.Enrolments.Add(enrolment);
            await db.SaveChangesAsync();

            // Through the engine, as staff would: the enrolment's journal shows its validation.
            var instance = await runtime.StartAsync("enrolment", enrolment.Id.ToString(), new Actor(demo.Uid, [Roles.Fournisseur], supplier.Id.ToString()));
            await runtime.FireAsync(new FireRequest(instance, "Valider", new Actor("GES200001", [Roles.Gestionnaire])));
        }
    }

    /// <summary>
    /// Three requests deposited (En cours) so the staff inbox is not empty on a first run, and the médico-social supplier's
    /// MS1 request, deposited then validated (its import line carries the installation scenario the detail shows as the MS1
    /// table); made once, through the engine, their dossier numbers reserved from the same counter as imports.
    /// </summary>
    private async Task EnsureDepositedRequestsAsync()
    {
        if (await db.FinancingRequests.AnyAsync(r => r.NumeroEditeur.StartsWith(DemoPrefix)))
        {
            return;
        }

        var specs = new[] { (s_suppliers[0], 1, 1200m, "HT"), (s_suppliers[0], 2, 980m, "TTC"), (s_suppliers[1], 3, 18500m, "HT"), (s_suppliers[2], 4, 3200m, "HT") };
        var now = clock.GetUtcNow().UtcDateTime;
        var started = await writer.WriteAsync(async scope =>
        {
            var first = await Counters.ReserveAsync(scope.Db, "dossier", specs.Length, scope.CancellationToken);
            var instances = new List<(Guid Instance, Actor Supplier)>();
            foreach (var (demo, n, amount, regime) in specs)
            {
                var supplier = await scope.Db.Suppliers.AsNoTracking().SingleAsync(s => s.Siret == demo.Siret, scope.CancellationToken);
                var enrolment = await scope.Db.Enrolments.AsNoTracking().SingleAsync(e => e.NumeroAns == demo.NumeroAns, scope.CancellationToken);
                var dossier = Dossiers.Number(first++, now.Year);
                var request = new FinancingRequest
                {
                    Id = Guid.CreateVersion7(now), SupplierId = supplier.Id, EnrolmentId = enrolment.Id, NumeroDossier = dossier, NumeroAsp = dossier + "M0",
                    NumeroEditeur = $"{DemoPrefix}{n:000}", Type = RequestType.Avance, NumeroAns = demo.NumeroAns, Siret = demo.Siret,
                    Denomination = demo.Denomination, TypeLogiciel = demo.TypeLogiciel, Couloir = demo.Couloir, RegimeTva = regime,
                    DateCommande = ParisDays.DayOf(now).AddDays(-20), MontantSegurHTDeclare = amount, EmailContact = demo.Email, CreatedAt = now,
                    LineJson = demo.Couloir == "MS1" ? Ms1Line($"{DemoPrefix}{n:000}", ParisDays.DayOf(now).AddDays(-20), amount) : null,
                };
                scope.Db.FinancingRequests.Add(request);
                await scope.Db.SaveChangesAsync(scope.CancellationToken);
                var actor = new Actor(demo.Uid, [Roles.Fournisseur], supplier.Id.ToString());
                instances.Add((await runtime.StartInTransactionAsync(scope.Db, "financing-request", request.Id.ToString(), actor, false, scope.CancellationToken), actor));
            }

            return instances;
        });
        foreach (var (instance, actor) in started)
        {
            await runtime.FireAsync(new FireRequest(instance, "CompleterPieces", actor));
        }

        // The MS1 one is validated, so the three others stay the only ones waiting for instruction.
        await runtime.FireAsync(new FireRequest(started[^1].Instance, "Valider", new Actor("GES200001", [Roles.Gestionnaire])));
    }

    /// <summary>
    /// The import line of the MS1 demo request: one médico-social establishment, DMP and MSSanté professionnelle in direct,
    /// MSSanté citoyenne through the PFI and Pro Santé Connect, each covered by the software's referenced profiles.
    /// </summary>
    private static string Ms1Line(string numeroEditeur, DateOnly ordered, decimal amount) => JsonSerializer.Serialize(
        new ImportLine(
            1, "C", null, numeroEditeur, new Commande(ordered.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "HT", amount), null, null,
            new Beneficiaires("STRUCTURE", null, new Structure("Claire Martin", "direction@ehpad-les-tilleuls.example", "330000126", ["330000134"], "05 56 00 00 10")),
            [new PieceJustificative(numeroEditeur + ".pdf", "PDF", "BON_COMMANDE")],
            new ScenarioInstallation(false, "MSSanté opérateur exemple", true, true, false, true, false, false, true)),
        ImportLine.Json);

    private const string DemoPrefix = "DEMO-CMD-";

    private async Task<(string Password, string ApiToken)> EnsureUserAsync(
        string uid, string name, string email, string role, Guid? supplierId, string? otherRole = null)
    {
        var password = NewPassword();
        var token = ApiTokens.New();
        var user = await users.FindByNameAsync(uid);
        if (user is null)
        {
            user = new UserAccount { UserName = uid, Email = email, EmailConfirmed = true, DisplayName = name, SupplierId = supplierId };
            Check(await users.CreateAsync(user, password), uid);
            Check(await users.AddToRoleAsync(user, role), uid);
            if (otherRole is not null)
            {
                Check(await users.AddToRoleAsync(user, otherRole), uid);
            }
        }
        else
        {
            Check(await users.RemovePasswordAsync(user), uid);
            Check(await users.AddPasswordAsync(user, password), uid);
        }

        user.ApiTokenHash = ApiTokens.Hash(token);
        Check(await users.UpdateAsync(user), uid);
        return (password, token);
    }

    private void Print(DemoCredentials credentials)
    {
        logger.LogWarning(
            "Comptes de démonstration (aussi dans {File}) :\n{Accounts}",
            CredentialsFile,
            string.Join("\n", credentials.Suppliers.Select(s => $"  Fournisseur   {s.Uid} / {s.Password}  ({s.Denomination}, SIRET {s.Siret}, ANS {s.NumeroAns})")
                .Concat(credentials.Staff.Select(s => $"  Gestionnaire  {s.Uid} / {s.Password}"))
                .Concat(credentials.Analysts.Select(a => $"  Analyste      {a.Uid} / {a.Password}"))));
    }

    private static string NewPassword() =>
        "Segur-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', 'x').Replace('/', 'y') + "-7a";

    private static void Check(IdentityResult result, string uid)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Compte de démonstration {uid} : {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }

    private sealed record DemoSupplier(
        string Uid, string Siret, string Denomination, string Address, string Email, string NumeroAns, string TypeLogiciel, string Couloir, string Profiles,
        int Vague, Person Representant, BankDetails Banque);
}

internal sealed record DemoCredentials(
    IReadOnlyList<SupplierCredential> Suppliers, IReadOnlyList<AccountCredential> Staff, IReadOnlyList<AccountCredential> Analysts);

internal sealed record SupplierCredential(string Uid, string Password, string ApiToken, string Siret, string NumeroAns, string Denomination);

internal sealed record AccountCredential(string Uid, string Password, string ApiToken);
