using Microsoft.Extensions.DependencyInjection;

namespace Segur.Workflows.Instruction;

public static class InstructionSetup
{
    /// <summary>The staff side: task inbox and claims, request search for instruction, actions offered by the definitions.</summary>
    public static IServiceCollection AddInstruction(this IServiceCollection services)
    {
        services.AddSingleton<StaffVisibility>();
        services.AddSingleton<TaskInbox>();
        services.AddSingleton<TaskClaims>();
        services.AddSingleton<SubjectActions>();
        services.AddSingleton<RequestActions>();
        services.AddSingleton<InstructionQueries>();
        return services;
    }
}
