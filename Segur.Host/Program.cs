using Segur.Host;

var builder = WebApplication.CreateBuilder(args);
builder.AddSegurHost();

var app = builder.Build();
await app.PrepareAsync();
app.UseSegurPipeline();
app.MapSegurEndpoints();
app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
