using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Segur.Workflows.Engine.Telemetry;

/// <summary>
/// The engine's traces and metrics (source and meter "Segur.Workflows"). With no listener (no exporter configured)
/// a span is not even created and a counter costs an add: the fire path stays as fast as measured (docs/benchmarks.md).
/// </summary>
public static class SegurTelemetry
{
    public const string Name = "Segur.Workflows";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter s_meter = new(Name);

    /// <summary>Fires committed, by outcome (fired, incident, refused).</summary>
    public static readonly Counter<long> Fires = s_meter.CreateCounter<long>("segur.workflow.fires", description: "Déclenchements de transitions");

    public static readonly Counter<long> Imports = s_meter.CreateCounter<long>("segur.imports", description: "Imports de demandes de financement");

    public static readonly Counter<long> OutboxPublished = s_meter.CreateCounter<long>("segur.outbox.published", description: "Messages publiés sur le bus");

    public static readonly Counter<long> OutboxFailures = s_meter.CreateCounter<long>("segur.outbox.failures", description: "Essais de messages en échec");

    public static readonly Counter<long> TimerFires = s_meter.CreateCounter<long>("segur.timers.fired", description: "Minuteries déclenchées");
}
