using Segur.Workflows.Engine.Activities;

namespace Segur.Workflows.Financing;

/// <summary>On cancellation: the current version becomes "Historisée" and a new version starts.</summary>
public sealed class ArchiveCurrentVersion : IActivity
{
    public const string ArchivedStatus = "Historisée";

    public ActivityDescriptor Descriptor { get; } = new(
        nameof(ArchiveCurrentVersion),
        "Financement",
        "Historise la version actuelle de la demande (statut « Historisée », visible dans l'onglet Historique) et ouvre une nouvelle version.",
        []);

    public ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var request = context.SubjectAs<FinancingRequest>();
        context.Db.FinancingRequestVersions.Add(new FinancingRequestVersion
        {
            RequestId = request.Id,
            Number = request.CurrentVersion,
            Status = ArchivedStatus,
            Snapshot = RequestSnapshots.Of(request),
            CreatedAt = context.Now,
        });
        var next = request.ArchiveVersion();
        context.Report($"version {next - 1} historisée, version {next} créée");
        return ValueTask.CompletedTask;
    }
}
