using KopanoPortal.Core.Directory;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace KopanoPortal.Web.Extensions;

/// <summary>Where the portal sends traces and metrics; nothing is collected while neither is set.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Portal:Telemetry";

    /// <summary>An OpenTelemetry collector (OTLP), e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c> with <see cref="OtlpProtocol"/> http/protobuf.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (the default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Writes every span and metric to standard output as well: for trying a set-up, not for production.</summary>
    public bool Console { get; set; }

    /// <summary>The <c>service.name</c> the portal reports; name each instance's host in <c>OTEL_RESOURCE_ATTRIBUTES</c> if needed.</summary>
    public string ServiceName { get; set; } = "kopanoportal";

    public bool Enabled => !string.IsNullOrWhiteSpace(OtlpEndpoint) || Console;
}

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces of requests (ASP.NET Core), SQL commands (Entity Framework Core) and LDAP calls (<see cref="DirectoryTelemetry"/>),
    /// and metrics of requests, the runtime, EF Core and the directory, when <see cref="TelemetryOptions"/> names a destination.
    /// </summary>
    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Enabled)
            return services;
        Uri? otlp = null;
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)
            && !(Uri.TryCreate(options.OtlpEndpoint.Trim(), UriKind.Absolute, out otlp) && otlp.Scheme is "http" or "https"))
            throw new StartupSettingException($"{TelemetryOptions.Section}:OtlpEndpoint '{options.OtlpEndpoint}' is not an http:// or https:// address: give the collector's, e.g. http://otel-collector:4317, or leave it empty to send nothing.");
        var protocol = options.OtlpProtocol.Trim().ToLowerInvariant() switch
        {
            "grpc" => OpenTelemetry.Exporter.OtlpExportProtocol.Grpc,
            "http/protobuf" => OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf,
            _ => throw new StartupSettingException($"{TelemetryOptions.Section}:OtlpProtocol '{options.OtlpProtocol}' is neither grpc nor http/protobuf: set one of them (grpc for port 4317, http/protobuf for 4318)."),
        };
        void Otlp(OpenTelemetry.Exporter.OtlpExporterOptions exporter)
        {
            exporter.Endpoint = otlp!;
            exporter.Protocol = protocol;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(aspnet =>
                        // Health probes every few seconds would drown the traces that matter.
                        aspnet.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                    .AddEntityFrameworkCoreInstrumentation()
                    .AddSource(DirectoryTelemetry.Name);
                if (otlp is not null)
                    tracing.AddOtlpExporter(Otlp);
                if (options.Console)
                    tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("Microsoft.EntityFrameworkCore", DirectoryTelemetry.Name);
                if (otlp is not null)
                    metrics.AddOtlpExporter(Otlp);
                if (options.Console)
                    metrics.AddConsoleExporter();
            });
        return services;
    }

    /// <summary>
    /// Starts the configured tracing and metrics now, before the first database command: the database contexts are
    /// pooled, and a pooled context keeps EF Core's "nobody listens" for up to a second (its logging cache time), so
    /// listeners that only start with the host would miss start-up's commands and the first requests' ones.
    /// </summary>
    public static void StartPortalTelemetry(this IServiceProvider services)
    {
        _ = services.GetService<OpenTelemetry.Trace.TracerProvider>();
        _ = services.GetService<OpenTelemetry.Metrics.MeterProvider>();
    }
}
