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

// The database and the definitions get ready on a thread of their own while the pipeline is built and the bus starts; Kestrel
// listens once they are ready (decisions 0170, 0210).
app.BeginPreparation();
StartupTimeline.Watch(app);
app.UseSegurPipeline();
app.MapSegurEndpoints();
StartupTimeline.Mark("pipeline");
app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
