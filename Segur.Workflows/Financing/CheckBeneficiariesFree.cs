using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Imports;

namespace Segur.Workflows.Financing;

/// <summary>
/// At deposit (documents complete), refuses the transition when another request, already deposited, finances one of this
/// avance's beneficiaries for the same programme: the first deposited wins (docs/decisions/0095).
/// </summary>
public sealed class CheckBeneficiariesFree : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(CheckBeneficiariesFree),
        "Financement",
        "Vérifie, au dépôt d'une avance, qu'aucune autre demande déjà déposée (d'un autre fournisseur) ne finance l'un de ses " +
        "bénéficiaires pour le même couloir et le même type de logiciel : la première demande déposée l'emporte, sinon l'action est refusée.",
        []);

    public async ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var request = context.SubjectAs<FinancingRequest>();
        if (request.Type != RequestType.Avance)
        {
            return;
        }

        var own = await context.Db.FinancingBeneficiaries.AsNoTracking()
            .Where(b => b.RequestId == request.Id)
            .Select(b => new { b.Kind, b.Identifier })
            .ToListAsync(cancellationToken);
        if (own.Count == 0)
        {
            return;
        }

        // Same lock as the imports of this programme: two deposits of the same beneficiary cannot both pass.
        await Prestations.LockProgrammeAsync(context.Db, request.Couloir, request.TypeLogiciel, cancellationToken);
        var held = await Prestations.HeldAsync(context.Db, request.Couloir, request.TypeLogiciel, [.. own.Select(b => b.Identifier)], cancellationToken);
        foreach (var beneficiary in own)
        {
            var deposited = held.TryGetValue(beneficiary.Identifier, out var holders)
                && holders.Any(h => h.NumeroAsp != request.NumeroAsp && h.Status != FinancingStates.NonCompletee);
            if (deposited)
            {
                var named = beneficiary.Kind == BeneficiaryKind.Rpps ? $"le professionnel {beneficiary.Identifier}" : $"l'établissement {beneficiary.Identifier}";
                throw new BusinessRuleException(
                    $"La demande {request.NumeroAsp} ne peut pas être déposée : {named} bénéficie déjà d'une Prestation Ségur {request.TypeLogiciel} " +
                    "pour ce couloir, par une demande déposée avant la vôtre. Supprimez cette demande ; importez-la de nouveau sans ce bénéficiaire si elle doit l'être.");
            }
        }

        context.Report($"{own.Count} bénéficiaire(s) libre(s)");
    }
}
