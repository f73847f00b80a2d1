using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;
using Segur.Workflows.AccountChanges;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Mail;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Timers;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Financing;
using Segur.Workflows.Instruction;
using Segur.Workflows.Payments;
using Segur.Workflows.Persistence;
using IActivity = Segur.Workflows.Engine.Activities.IActivity;

namespace Segur.Workflows;

/// <summary>Settings read from the "Segur" configuration section.</summary>
public sealed class SegurSettings
{
    /// <summary>Holds the SQLite database, the mail pickup folder and the uploaded files.</summary>
    public required string DataDirectory { get; init; }

    public DatabaseProvider Provider { get; init; }

    public required string ConnectionString { get; init; }

    /// <summary>amqp:// address of RabbitMQ; the in-memory bus when empty (one process only).</summary>
    public string? RabbitMqUri { get; init; }

    public TimeSpan TimerSweepInterval { get; init; } = TimeSpan.FromSeconds(5);

    public bool SmtpConfigured { get; init; }

    public static SegurSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Segur");
        var dataDirectory = Path.GetFullPath(section["DataDirectory"] is { Length: > 0 } d ? d : "data");
        var provider = Enum.TryParse<DatabaseProvider>(section["Database:Provider"], ignoreCase: true, out var p) ? p : DatabaseProvider.Sqlite;
        var connectionString = configuration.GetConnectionString("Segur") is { Length: > 0 } cs
            ? cs
            : provider == DatabaseProvider.Sqlite
                ? $"Data Source={Path.Combine(dataDirectory, "segur.db")};Pooling=True;Default Timeout=30"
                : throw new InvalidOperationException($"ConnectionStrings:Segur is required with the {provider} provider.");
        return new SegurSettings
        {
            DataDirectory = dataDirectory,
            Provider = provider,
            ConnectionString = connectionString,
            RabbitMqUri = section["Bus:RabbitMq"] is { Length: > 0 } uri ? uri : null,
            TimerSweepInterval = TimeSpan.TryParse(section["Timers:SweepInterval"], out var interval) ? interval : TimeSpan.FromSeconds(5),
            SmtpConfigured = !string.IsNullOrEmpty(section["Mail:SmtpHost"]),
        };
    }
}

public static class SegurWorkflowsSetup
{
    /// <summary>The engine, the domain's activities, persistence, mail, outbox, bus and timers.</summary>
    public static IServiceCollection AddSegurWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = SegurSettings.From(configuration);
        services.AddSingleton(settings);
        if (configuration["Segur:Clock:OffsetFile"] is { Length: > 0 } offsetFile)
        {
            services.TryAddSingleton<TimeProvider>(new Engine.Clock.ShiftedClock(Path.GetFullPath(offsetFile)));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new SegurDatabase(settings.Provider, settings.ConnectionString));
        services.AddScoped(sp => sp.GetRequiredService<SegurDatabase>().CreateContext());

        services.AddEngine();
        services.AddDomainActivities();
        services.AddDocuments(configuration, settings);
        services.AddBudgetAndPayments(configuration);
        services.AddMail(configuration, settings);
        services.AddBus(configuration, settings);
        services.AddTimers(settings);
        services.AddInstruction(configuration);
        services.AddAccountChanges();
        return services;
    }

    public static IServiceCollection AddEngine(this IServiceCollection services)
    {
        services.AddSingleton<ActivityRegistry>();
        services.AddSingleton<DefinitionCompiler>();
        services.AddSingleton<DefinitionCatalog>();
        services.AddSingleton<DefinitionSeeder>();
        services.AddSingleton<InstanceMigrator>();
        services.AddSingleton<DefinitionDrafts>();
        services.AddSingleton<DefinitionHealth>();
        services.AddSingleton<DefinitionOverview>();
        services.AddSingleton<TemplatePreview>();
        services.AddSingleton<MigrationAdvisor>();
        services.AddSingleton<Engine.Simulation.SubjectReferences>();
        services.AddSingleton<Engine.Simulation.Simulator>();
        services.AddSingleton<Engine.Simulation.WhatIfAnalysis>();
        services.AddSingleton<Engine.Instances.InstanceQueries>();
        services.AddSingleton<SubjectSources>();
        services.AddSingleton<DatabaseWriter>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<WorkflowRuntime>();
        services.AddSingleton<IdempotencyLog>();
        services.TryAddSingleton(new OutboxRetryOptions());
        services.AddSingleton<Engine.Incidents.IncidentQueries>();
        services.AddSingleton<OutboxWriter>();
        services.AddSingleton(sp => new MessageTypes([]));
        services.AddSingleton<EmailComposer>();
        services.AddSingleton<IActivity, SendEmail>();
        services.AddSingleton<IActivity, PublishEvent>();
        return services;
    }

    private static void AddDomainActivities(this IServiceCollection services)
    {
        services.AddSingleton<IActivity, ComputeAmounts>();
        services.AddSingleton<IActivity, DeleteIncompleteRequest>();
        services.AddSingleton<IActivity, CheckBeneficiariesFree>();
        services.AddSingleton<IActivity, ArchiveCurrentVersion>();
        services.AddSingleton<IActivity, StartPayment>();
        services.AddSingleton<IActivity, PutIntoPayment>();
        services.AddSingleton<IActivity, RecordPayment>();
        services.AddSingleton<ISubjectSource>(new EntitySubjectSource<FinancingRequest>("FinancingRequest", r => r.ToFacts()));
        services.AddSingleton<ISubjectSource, PaymentSubjectSource>();
        services.AddSingleton<ISubjectSource, EnrolmentSubjectSource>();
        services.AddSingleton<Engine.Simulation.ISubjectReference, RequestReference>();
        services.AddSingleton<Engine.Simulation.ISubjectReference, EnrolmentReference>();
        services.AddSingleton<Engine.Simulation.ISubjectReference, PaymentReference>();
        services.AddSingleton<Engine.Simulation.IRuleFigures, AmountFigures>();
        services.AddSingleton<IActivity, CreateSupplierAccount>();
        services.AddSingleton<Accounts.SupplierAccounts>();
        services.AddSingleton<EnrolmentApplications>();
        services.AddSingleton<Imports.ImportService>();
        services.AddSingleton<Imports.ImportAdmission>();
        services.AddSingleton<Imports.ImportStore>();
        services.AddSingleton<Imports.ImportQueries>();
        services.AddSingleton<RequestQueries>();
        services.AddSingleton<IncompleteRequests>();
        services.AddSingleton<IncompleteDeletion>();
        services.AddSingleton<RequestDetailQueries>();
        services.AddSingleton<Exports.RequestExport>();
        services.AddSingleton<Exports.BeneficiaryExport>();
        services.AddSingleton<News.NewsBoard>();
        services.AddSingleton(FinancingRules.Required);
        services.AddSingleton<FinancingRules>();
        services.AddSingleton<RequestCorrections>();
        services.AddSingleton<RequestAnswers>();
        services.AddSingleton<RequestVersions>();
        services.AddSingleton<EnrolmentAnswers>();
        services.AddSingleton<EnrolmentInstruction>();
    }

    private static void AddDocuments(this IServiceCollection services, IConfiguration configuration, SegurSettings settings)
    {
        services.AddOptions<DocumentOptions>()
            .Bind(configuration.GetSection(DocumentOptions.Section))
            .Validate(
                o => o.MaxFileBytes > 0 && o.MaxUploadBytes > 0 && o.MaxZipEntries > 0 && o.MaxZipUncompressedBytes > 0 && o.MaxCompressionRatio > 0,
                "Segur:Documents : chaque limite doit être strictement positive.");
        services.AddSingleton(new DocumentStorage(Path.Combine(settings.DataDirectory, "files")));
        services.AddSingleton<DocumentIntake>();
        services.AddSingleton<OrphanFileSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<OrphanFileSweeper>());
    }

    /// <summary>Budget envelopes, bulk decisions and payments, and the documents the agency issues (PDF).</summary>
    private static void AddBudgetAndPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Budget.BudgetLedger>();
        services.AddSingleton<Budget.EnvelopeQueries>();
        services.AddSingleton<Budget.DecisionDesk>();
        services.AddSingleton<PaymentDesk>();
        services.AddSingleton<IActivity, Budget.EngageBudget>();
        services.AddSingleton<IActivity, Budget.ReleaseBudget>();
        services.AddSingleton(sp => new GeneratedDocuments(sp.GetRequiredService<DocumentStorage>(), configuration["Segur:Documents:PdfFontFolder"]));
        services.AddSingleton<IActivity, GenerateDecisionDocument>();
        services.AddSingleton<IActivity, GeneratePaymentNotice>();
        services.AddSingleton<RequestDocumentFiles>();
    }

    private static void AddMail(this IServiceCollection services, IConfiguration configuration, SegurSettings settings)
    {
        services.Configure<MailOptions>(configuration.GetSection("Segur:Mail"));
        services.PostConfigure<MailOptions>(o => o.PickupDirectory ??= Path.Combine(settings.DataDirectory, "mail"));
        if (settings.SmtpConfigured)
        {
            services.AddSingleton<IMailSender, SmtpMailSender>();
        }
        else
        {
            services.AddSingleton<IMailSender, PickupDirectoryMailSender>();
        }
    }

    private static void AddBus(this IServiceCollection services, IConfiguration configuration, SegurSettings settings)
    {
        var retry = new OutboxRetryOptions();
        configuration.GetSection("Segur:Bus").Bind(retry);
        services.AddSingleton(retry);
        services.AddSingleton<OutboxRedrive>();
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<EmailRequestedConsumer>();

            // A failing consumer is retried with a growing pause; its last failure dead-letters the outbox row (IdempotencyLog).
            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                var options = context.GetRequiredService<OutboxRetryOptions>();
                endpoint.UseMessageRetry(r => r.Exponential(
                    Math.Max(0, options.MaxAttempts - 1), options.MinInterval, options.MaxInterval, options.MinInterval));
            });
            if (settings.RabbitMqUri is { } uri)
            {
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    rabbit.Host(new Uri(uri));
                    rabbit.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context));
            }
        });

        // Consumers' queues must be bound before anything is published: a message published to an exchange
        // with no queue yet is dropped by RabbitMQ. So the host waits for the bus, and the dispatcher starts after it.
        services.Configure<MassTransitHostOptions>(options =>
        {
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromSeconds(60);
        });
        services.AddHostedService<OutboxDispatcher>();
    }

    private static void AddTimers(this IServiceCollection services, SegurSettings settings)
    {
        services.AddSingleton<TimerSweeper>();
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<TimerSweepJob>(job => job.WithIdentity(TimerSweepJob.Key));
            quartz.AddTrigger(trigger => trigger
                .ForJob(TimerSweepJob.Key)
                .WithIdentity("timer-sweep-trigger", "segur")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(settings.TimerSweepInterval).RepeatForever()));
        });
        // The scheduler starts once the host answers (decision 0140): overdue timers then fire at once, as before.
        services.AddQuartzHostedService(options =>
        {
            options.WaitForJobsToComplete = true;
            options.AwaitApplicationStarted = true;
        });
    }
}
