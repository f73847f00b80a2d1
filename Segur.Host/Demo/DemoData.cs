using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows;
using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Enrolments;
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
    SegurSettings settings,
    TimeProvider clock,
    ILogger<DemoData> logger)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly DemoSupplier[] s_suppliers =
    [
        new("FRN100001", "84123456700011", "Cabinet Logiciels Santé Exemple", "12 rue des Exemples, 75011 Paris",
            "contact@cabinet-logiciels.example", "ANS-2026-LGC-0001", "LGC", "MEDECIN_DE_VILLE",
            "DMP,DMP_PFI,MSSPRO,MSSPRO_PFI,MSSCITOYEN,MSSCITOYEN_PFI,PSC,CDS"),
        new("FRN100002", "91234567800011", "Hôpital Numérique Exemple SAS", "3 avenue des Essais, 69003 Lyon",
            "contact@hopital-numerique.example", "ANS-2026-DPI-0001", "DPI", "HOPITAL",
            "DMP,DMP_PFI,MSSPRO,MSSPRO_PFI,MSSCITOYEN,MSSCITOYEN_PFI,PSC"),
    ];

    private string CredentialsFile => Path.Combine(settings.DataDirectory, "demo-credentials.json");

    public async Task EnsureAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var credentials = File.Exists(CredentialsFile)
            ? JsonSerializer.Deserialize<DemoCredentials>(await File.ReadAllTextAsync(CredentialsFile), s_json)
            : null;
        var allExist = await db.Users.CountAsync(u => u.UserName!.StartsWith("FRN1") || u.UserName == "GES200001" || u.UserName == "ANA300001") == 4;
        if (credentials is null || !allExist)
        {
            credentials = await CreateAsync();
            await File.WriteAllTextAsync(CredentialsFile, JsonSerializer.Serialize(credentials, s_json));
        }

        Print(credentials);
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
        var (analystPassword, analystToken) = await EnsureUserAsync("ANA300001", "Analyste métier (démo)", "analyste@asp.example", Roles.Analyste, null);
        return new DemoCredentials(
            suppliers,
            [new AccountCredential("GES200001", staffPassword, staffToken)],
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
                TypeLogiciel = demo.TypeLogiciel, Couloir = demo.Couloir, Vague = 1, ReferencingDate = new DateOnly(2026, 6, 1),
                Profiles = demo.Profiles, EmailDeposant = demo.Email, EmailRepresentantLegal = demo.Email, CreatedAt = now,
            };
            db.Enrolments.Add(enrolment);
            await db.SaveChangesAsync();

            // Through the engine, as staff would: the enrolment's journal shows its validation.
            var instance = await runtime.StartAsync("enrolment", enrolment.Id.ToString(), new Actor(demo.Uid, [Roles.Fournisseur], supplier.Id.ToString()));
            await runtime.FireAsync(new FireRequest(instance, "Valider", new Actor("GES200001", [Roles.Gestionnaire])));
        }
    }

    private async Task<(string Password, string ApiToken)> EnsureUserAsync(string uid, string name, string email, string role, Guid? supplierId)
    {
        var password = NewPassword();
        var token = ApiTokens.New();
        var user = await users.FindByNameAsync(uid);
        if (user is null)
        {
            user = new UserAccount { UserName = uid, Email = email, EmailConfirmed = true, DisplayName = name, SupplierId = supplierId };
            Check(await users.CreateAsync(user, password), uid);
            Check(await users.AddToRoleAsync(user, role), uid);
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
        string Uid, string Siret, string Denomination, string Address, string Email, string NumeroAns, string TypeLogiciel, string Couloir, string Profiles);
}

internal sealed record DemoCredentials(
    IReadOnlyList<SupplierCredential> Suppliers, IReadOnlyList<AccountCredential> Staff, IReadOnlyList<AccountCredential> Analysts);

internal sealed record SupplierCredential(string Uid, string Password, string ApiToken, string Siret, string NumeroAns, string Denomination);

internal sealed record AccountCredential(string Uid, string Password, string ApiToken);
