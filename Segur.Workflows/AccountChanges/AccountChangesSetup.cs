using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Engine.Runtime;

namespace Segur.Workflows.AccountChanges;

public static class AccountChangesSetup
{
    /// <summary>"Mon compte" changes (bank details, natural persons) and document templates, each on its own definition.</summary>
    public static IServiceCollection AddAccountChanges(this IServiceCollection services)
    {
        services.AddSingleton<AccountFiles>();
        services.AddSingleton<AccountDocuments>();
        services.AddSingleton<BankDetailsChanges>();
        services.AddSingleton<PersonsChanges>();
        services.AddSingleton<DocumentTemplates>();
        services.AddSingleton<IActivity, RecordReview>();
        services.AddSingleton<ISubjectSource>(new EntitySubjectSource<BankDetailsChange>(AccountChangeStates.BankDetailsSubject, c => c.ToFacts()));
        services.AddSingleton<ISubjectSource>(new EntitySubjectSource<PersonsChange>(AccountChangeStates.PersonsSubject, c => c.ToFacts()));
        services.AddSingleton<ISubjectSource>(new EntitySubjectSource<DocumentTemplate>(AccountChangeStates.TemplateSubject, t => t.ToFacts()));
        return services;
    }
}
