using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Engine.Mail;

namespace Segur.Workflows.Enrolments;

/// <summary>On the first validated enrolment of a company: creates its account and sends the UID and the password in two e-mails.</summary>
public sealed class CreateSupplierAccount(SupplierAccounts accounts, EmailComposer composer) : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(CreateSupplierAccount),
        "Comptes",
        "Crée le compte du fournisseur lors de la validation de son premier enrôlement, puis envoie l'identifiant et le mot de passe " +
        "dans deux e-mails séparés. Ne fait rien si la société a déjà un compte.",
        [
            new ActivityInput("to", InputKind.Text, true, "Destinataire des deux e-mails, par exemple =subject.emailDeposant."),
            new ActivityInput("templateIdentifiant", InputKind.EmailTemplate, true, "Gabarit de l'e-mail qui donne l'identifiant ({{ values.uid }})."),
            new ActivityInput("templateMotDePasse", InputKind.EmailTemplate, true, "Gabarit de l'e-mail qui donne le mot de passe ({{ values.motDePasse }})."),
        ]);

    public async ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var enrolment = context.SubjectAs<Enrolment>();
        var to = context.GetRequiredText("to");
        if (context.IsSimulation)
        {
            await SimulateAsync(context, enrolment, to);
            return;
        }

        var created = await accounts.CreateFirstAsync(context.Db, enrolment.SupplierId, to, enrolment.Supplier?.Denomination ?? "", cancellationToken);
        if (created is not { } account)
        {
            context.Report("la société a déjà un compte : aucun compte créé");
            return;
        }

        var values = new Dictionary<string, object?> { ["uid"] = account.Uid, ["motDePasse"] = account.Password };
        foreach (var input in new[] { "templateIdentifiant", "templateMotDePasse" })
        {
            var template = context.Definition.EmailTemplates[context.GetRequiredText(input)];
            var (subject, body) = await composer.ComposeAsync(template, context.Scope.Globals, values);
            context.Publish(new EmailRequested(to, subject, body, context.InstanceId) { Sensitive = input == "templateMotDePasse" });
        }

        context.Report($"compte {account.Uid} créé ; identifiant et mot de passe envoyés à {to} dans deux e-mails");
    }

    /// <summary>A Studio simulation reserves no identifier: it renders both e-mails with placeholders.</summary>
    private async Task SimulateAsync(ActivityContext context, Enrolment enrolment, string to)
    {
        if (await context.Db.Users.AnyAsync(u => u.SupplierId == enrolment.SupplierId))
        {
            context.Report("la société a déjà un compte : aucun compte créé");
            return;
        }

        var values = new Dictionary<string, object?> { ["uid"] = "FRN« à attribuer »", ["motDePasse"] = "« mot de passe tiré au hasard »" };
        foreach (var input in new[] { "templateIdentifiant", "templateMotDePasse" })
        {
            var template = context.Definition.EmailTemplates[context.GetRequiredText(input)];
            var (subject, body) = await composer.ComposeAsync(template, context.Scope.Globals, values);
            context.Publish(new EmailRequested(to, subject, body, context.InstanceId));
        }

        context.Report($"créerait le compte de la société ; identifiant et mot de passe envoyés à {to} dans deux e-mails");
    }
}
