using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Runtime;

namespace Segur.Host.Tests.Instruction;

/// <summary>The demo staff as the engine sees them: GES200001 (Gestionnaire) and GES200002 (Gestionnaire and Superviseur).</summary>
internal static class StaffActors
{
    public static Actor Gestionnaire(SegurApp app) => new(app.Demo.Staff[0].Uid, [Roles.Gestionnaire]);

    public static Actor Superviseur(SegurApp app) => new(app.Demo.Staff[1].Uid, [Roles.Gestionnaire, Roles.Superviseur]);

    /// <summary>Creates a request of <paramref name="supplier"/> and deposits it (En cours): its instruction task opens.</summary>
    public static async Task<(Guid Id, string NumeroAsp)> DepositAsync(SegurApp app, DemoSupplier supplier, string numeroEditeur)
    {
        var id = await FinancingRequests.CreateAsync(app, supplier, numeroEditeur);
        await FinancingRequests.CompleteAsync(app, supplier, id);
        return (id, await FinancingRequests.NumeroAspAsync(app, id));
    }
}
