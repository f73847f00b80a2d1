using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Segur.Workflows.Engine.Telemetry;

namespace Segur.Host.Operations;

/// <summary>
/// Traces and metrics over OTLP/HTTP, only when <c>Segur:Telemetry:OtlpEndpoint</c> is set (docs/operations.md): the
/// engine's fires, imports, outbox and timers (source and meter "Segur.Workflows"), MassTransit's and ASP.NET Core's own.
/// </summary>
internal static class TelemetrySetup
{
    public static void AddSegurTelemetry(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Segur:Telemetry");
        if (section["OtlpEndpoint"] is not { Length: > 0 } endpoint)
        {
            return;
        }

        var root = endpoint.TrimEnd('/');
        var interval = section.GetValue("MetricsInterval", TimeSpan.FromSeconds(60));
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(section["ServiceName"] is { Length: > 0 } name ? name : "segur-host"))
            .WithTracing(tracing => tracing
                .AddSource(SegurTelemetry.Name, "MassTransit", "Microsoft.AspNetCore")
                .AddOtlpExporter(otlp =>
                {
                    otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                    otlp.Endpoint = new Uri(root + "/v1/traces");
                }))
            .WithMetrics(metrics => metrics
                .AddMeter(SegurTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddOtlpExporter((otlp, reader) =>
                {
                    otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                    otlp.Endpoint = new Uri(root + "/v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)interval.TotalMilliseconds;
                }));
    }
}
