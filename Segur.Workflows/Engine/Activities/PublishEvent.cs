using Segur.Workflows.Engine.Outbox;

namespace Segur.Workflows.Engine.Activities;

/// <summary>Announces a named business event to the other services, once the fire commits.</summary>
public sealed class PublishEvent : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(PublishEvent),
        "Communication",
        "Publie un événement métier nommé (par exemple « DemandeDecidee ») pour les autres services, après l'enregistrement de l'action.",
        [
            new ActivityInput("name", InputKind.Text, true, "Nom de l'événement."),
            new ActivityInput("data", InputKind.Object, false, "Données jointes à l'événement."),
        ]);

    public ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var name = context.GetRequiredText("name");
        context.Publish(new WorkflowEventPublished(context.InstanceId, context.Definition.Model.SubjectType, context.SubjectId, name, context.GetObject("data")));
        context.Report($"événement « {name} » publié");
        return ValueTask.CompletedTask;
    }
}
