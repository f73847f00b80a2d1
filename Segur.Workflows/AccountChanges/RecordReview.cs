using Segur.Workflows.Engine.Activities;

namespace Segur.Workflows.AccountChanges;

/// <summary>Keeps the staff's comment (or motive) and the date of their decision on the change they reviewed.</summary>
public sealed class RecordReview : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(RecordReview),
        "Mon compte",
        "Enregistre la décision de l'ASP sur une demande du fournisseur (coordonnées bancaires, personnes physiques, modèle de pièce) : " +
        "sa date et le commentaire ou le motif saisi, que le fournisseur lit dans son historique.",
        [new ActivityInput("commentaire", InputKind.Text, false, "Le commentaire ou le motif saisi, par exemple =input.motif.")]);

    public ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var change = context.SubjectAs<IReviewedChange>();
        var comment = context.GetText("commentaire") is { Length: > 0 } text ? text.Trim() : null;
        change.RecordReview(comment, context.Now, context.Actor.Id);
        context.Report(comment is null ? "décision enregistrée, sans commentaire" : $"décision enregistrée avec le commentaire « {comment} »");
        return ValueTask.CompletedTask;
    }
}
