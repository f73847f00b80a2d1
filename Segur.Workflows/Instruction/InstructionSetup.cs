using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Segur.Workflows.Instruction;

public static class InstructionSetup
{
    /// <summary>The staff side: task inbox and claims, request search for instruction, actions offered by the definitions.</summary>
    public static IServiceCollection AddInstruction(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InstructionOptions>()
            .Bind(configuration.GetSection(InstructionOptions.Section))
            .Validate(o => o.CountCap > 0, "Segur:Instruction:CountCap : le plafond du décompte doit être strictement positif.");
        services.AddSingleton<StaffVisibility>();
        services.AddSingleton<TaskInbox>();
        services.AddSingleton<TaskClaims>();
        services.AddSingleton<SubjectActions>();
        services.AddSingleton<RequestActions>();
        services.AddSingleton<InstructionQueries>();
        return services;
    }
}
