using System.Text.Json;
using Segur.Workflows.Financing;
using Segur.Workflows.Suppliers;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Documents;

/// <summary>Requests of one supplier carrying an import line, started at Non complétée as an import leaves them.</summary>
internal static class DocumentSubjects
{
    public static async Task<(FinancingRequest Request, Guid Instance)> NewRequestAsync(
        EngineHost host, Supplier supplier, string numeroEditeur, params string[] expectedFiles)
    {
        var request = new FinancingRequest
        {
            Id = Guid.NewGuid(),
            SupplierId = supplier.Id,
            NumeroAsp = "ASP" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999) + "M0",
            NumeroEditeur = numeroEditeur,
            Type = RequestType.Avance,
            NumeroAns = "ANS-TEST-0001",
            Siret = supplier.Siret,
            Denomination = supplier.Denomination,
            TypeLogiciel = "LGC",
            Couloir = "MEDECIN_DE_VILLE",
            RegimeTva = "HT",
            DateCommande = new DateOnly(2026, 9, 15),
            MontantSegurHTDeclare = 1000m,
            EmailContact = supplier.ContactEmail,
            LineJson = Line(numeroEditeur, expectedFiles),
            CreatedAt = host.Clock.GetUtcNow().UtcDateTime,
        };
        await using (var db = host.NewContext())
        {
            db.FinancingRequests.Add(request);
            await db.SaveChangesAsync();
        }

        var instance = await host.Runtime.StartAsync("financing-request", request.Id.ToString(), Subjects.SupplierActor(supplier.Id));
        return (request, instance);
    }

    /// <summary>An import line as the import stores it (camelCase, the field names of domain.md).</summary>
    public static string Line(string numeroEditeur, params string[] expectedFiles) => JsonSerializer.Serialize(new
    {
        numLigne = 1,
        typeAction = "C",
        numeroASP = (string?)null,
        numeroEditeur,
        commande = new { dateCommande = "2026-09-15", regimeTVA = "HT", montantSegurHT = 1000m },
        piecesJustificatives = expectedFiles.Select((f, i) => new { nomFichier = f, formatFichier = "PDF", typeFichier = i == 0 ? "BON_COMMANDE" : "AUTRE" }),
    });
}
