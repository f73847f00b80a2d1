using Segur.Workflows.AccountChanges;

namespace Segur.Host.Components.Pages.AccountChanges;

/// <summary>Where staff review a "Mon compte" change or a document template (the inbox links its tasks there).</summary>
public static class AccountChangeLinks
{
    public static string? StaffHref(string subjectType, string subjectId) => subjectType switch
    {
        AccountChangeStates.BankDetailsSubject => $"/instruction/compte/coordonnees-bancaires/{subjectId}",
        AccountChangeStates.PersonsSubject => $"/instruction/compte/personnes/{subjectId}",
        AccountChangeStates.TemplateSubject => $"/instruction/compte/modeles/{subjectId}",
        _ => null,
    };
}
