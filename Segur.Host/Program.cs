using Segur.Host;
using Segur.Host.Operations;

var builder = WebApplication.CreateBuilder(args);
StartupTimeline.Mark("builder");
if (Segur.Host.Operations.BackupCommand.IsRequested(args))
{
    Environment.Exit(await Segur.Host.Operations.BackupCommand.RunAsync(args, builder.Configuration, Console.Out));
}

builder.AddSegurHost();
StartupTimeline.Mark("services");

var app = builder.Build();
StartupTimeline.Mark("built");

// The database and the definitions get ready while the pipeline is built (decision 0170); the Host listens after both.
var prepared = Task.Run(app.PrepareAsync);
app.UseSegurPipeline();
app.MapSegurEndpoints();
StartupTimeline.Mark("pipeline");
await prepared;
StartupTimeline.Mark("prepared");
StartupTimeline.LogWhenStarted(app);
app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
