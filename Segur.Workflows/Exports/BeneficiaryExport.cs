using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Financing;
using Segur.Workflows.Imports;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Exports;

/// <summary>A beneficiary of an avance, with the request that finances it and the contact the import line named.</summary>
public sealed record BeneficiaryExportRow(
    string NumeroAsp, string NumeroEditeur, string Statut, string NumeroAns, string TypeLogiciel, string Siret, string Denomination,
    DateTime DateDepot, string CommandePour, string? Rpps, string? FinessJuridique, string? FinessGeo, string? Nom, string? Email, string? Telephone);

/// <summary>
/// The beneficiaries of one couloir, streamed: one row per beneficiary an avance finances (each professional's RPPS; for a
/// structure each establishment of FINESSGeo, or its FINESSJuridique alone), as <see cref="Beneficiaires.Claimed"/> counts
/// them. The solde of a dossier names the same beneficiaries as its avance, so only avances are read.
/// </summary>
public sealed class BeneficiaryExport(SegurDatabase database, FinancingRules rules)
{
    public async IAsyncEnumerable<BeneficiaryExportRow> StreamAsync(Guid? supplierId, ExportCouloir couloir, [EnumeratorCancellation] CancellationToken ct = default)
    {
        IReadOnlyList<string> hidden = supplierId is null ? (await rules.CurrentAsync(ct)).HiddenFromStaff : [];
        await using var db = database.CreateContext();
        var requests = db.FinancingRequests.AsNoTracking()
            .Where(r => r.DeletedAt == null && r.Couloir == couloir.Code && r.Type == RequestType.Avance);
        requests = supplierId is { } id ? requests.Where(r => r.SupplierId == id) : requests.Where(r => !hidden.Contains(r.Status));
        var query = requests
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.NumeroAsp)
            .Select(r => new { r.NumeroAsp, r.NumeroEditeur, r.StatusLabel, r.NumeroAns, r.TypeLogiciel, r.Siret, r.Denomination, r.CreatedAt, r.LineJson });
        await foreach (var r in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            var beneficiaires = Read(r.LineJson);
            if (beneficiaires is null)
            {
                continue;
            }

            var commandePour = beneficiaires.CommandePour == "LIBERAL" ? "Professionnel libéral" : "Structure";
            if (beneficiaires.CommandePour == "LIBERAL")
            {
                foreach (var liberal in beneficiaires.Liberal ?? [])
                {
                    yield return new(r.NumeroAsp, r.NumeroEditeur, r.StatusLabel, r.NumeroAns, r.TypeLogiciel, r.Siret, r.Denomination, r.CreatedAt,
                        commandePour, liberal.Rpps, null, null, liberal.NomMedecin, liberal.EmailMedecin, liberal.TelephoneMedecin);
                }

                continue;
            }

            var structure = beneficiaires.Structure;
            IReadOnlyList<string?> establishments = structure?.FinessGeo is { Count: > 0 } geo ? [.. geo] : [null];
            foreach (var establishment in establishments)
            {
                yield return new(r.NumeroAsp, r.NumeroEditeur, r.StatusLabel, r.NumeroAns, r.TypeLogiciel, r.Siret, r.Denomination, r.CreatedAt,
                    commandePour, null, structure?.FinessJuridique, establishment, structure?.NomResponsable, structure?.EmailResponsable,
                    structure?.TelephoneResponsable);
            }
        }
    }

    private static Beneficiaires? Read(string? lineJson)
    {
        if (lineJson is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ImportLine>(lineJson, ImportLine.Json)?.Beneficiaires;
        }
        catch (JsonException)
        {
            // A line stored by an older release the reader no longer understands: its beneficiaries cannot be listed.
            return null;
        }
    }
}
