using Segur.Host;

var builder = WebApplication.CreateBuilder(args);
if (Segur.Host.Operations.BackupCommand.IsRequested(args))
{
    Environment.Exit(await Segur.Host.Operations.BackupCommand.RunAsync(args, builder.Configuration, Console.Out));
}

builder.AddSegurHost();

var app = builder.Build();
await app.PrepareAsync();
app.UseSegurPipeline();
app.MapSegurEndpoints();
app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
