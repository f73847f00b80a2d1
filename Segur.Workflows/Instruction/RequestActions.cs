using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Instruction;

/// <summary>
/// The actions on a financing request as one list: those of its own lifecycle and those of its payment's (subject = the
/// Payment), as the request detail page and the actions API offer them. Trigger names are unique across the two definitions;
/// a trigger is fired on the first lifecycle that defines it.
/// </summary>
public sealed class RequestActions(SegurDatabase database, SubjectActions actions)
{
    public async Task<IReadOnlyList<SubjectActionsView>> ListAsync(Guid requestId, Actor actor, CancellationToken ct = default)
    {
        var views = new List<SubjectActionsView>(2);
        foreach (var (type, id) in await SubjectsAsync(requestId, ct))
        {
            if (await actions.GetAsync(type, id, actor, ct) is { } view)
            {
                views.Add(view);
            }
        }

        return views;
    }

    public async Task<FireResult> FireAsync(
        Guid requestId, string trigger, IReadOnlyDictionary<string, string?> values, Actor actor, CancellationToken ct = default)
    {
        foreach (var (type, id) in await SubjectsAsync(requestId, ct))
        {
            if (await actions.DefinesAsync(type, id, trigger, ct))
            {
                return await actions.FireAsync(type, id, trigger, values, actor, ct: ct);
            }
        }

        throw new UnknownActionException(trigger);
    }

    /// <summary>The request's lifecycle subject, then its payment's when it has one.</summary>
    public async Task<IReadOnlyList<(string Type, string Id)>> SubjectsAsync(Guid requestId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var payment = await db.Payments.AsNoTracking().Where(p => p.RequestId == requestId)
            .OrderByDescending(p => p.DateValidation).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        return payment is { } paymentId
            ? [(SubjectTypes.FinancingRequest, requestId.ToString()), (SubjectTypes.Payment, paymentId.ToString())]
            : [(SubjectTypes.FinancingRequest, requestId.ToString())];
    }
}
