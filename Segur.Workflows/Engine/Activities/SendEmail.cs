using Segur.Workflows.Engine.Mail;

namespace Segur.Workflows.Engine.Activities;

/// <summary>Renders one of the definition's e-mail templates and queues it; it is sent once the fire commits.</summary>
public sealed class SendEmail(EmailComposer composer) : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(SendEmail),
        "Communication",
        "Envoie un e-mail rédigé à partir d'un gabarit de la définition. L'e-mail part seulement si l'action réussit.",
        [
            new ActivityInput("to", InputKind.Text, true, "Adresse du destinataire, par exemple =subject.emailContact."),
            new ActivityInput("template", InputKind.EmailTemplate, true, "Nom du gabarit (section emailTemplates)."),
            new ActivityInput("values", InputKind.Object, false, "Valeurs supplémentaires lues dans le gabarit par {{ values.nom }}."),
        ]);

    public async ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var to = context.GetRequiredText("to");
        var template = context.Definition.EmailTemplates[context.GetRequiredText("template")];
        var (subject, body) = await composer.ComposeAsync(template, context.Scope.Globals, context.GetObject("values"));
        context.Publish(new EmailRequested(to, subject, body, context.InstanceId));
        context.Report($"e-mail à {to} : « {subject} »");
    }
}
