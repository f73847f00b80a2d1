using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Segur.Workflows.Accounts;
using Segur.Workflows.Budget;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Documents;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Imports;
using Segur.Workflows.Financing;
using Segur.Workflows.Payments;
using Segur.Workflows.Suppliers;

namespace Segur.Workflows.Persistence;

/// <summary>
/// The one database of the product. Each provider has its own subclass so that each keeps its own
/// migrations (see <see cref="SegurDatabase"/>).
/// </summary>
public abstract class SegurDbContext(DbContextOptions options) : IdentityDbContext<UserAccount>(options)
{
    public DbSet<WorkflowDefinitionVersion> WorkflowDefinitions => Set<WorkflowDefinitionVersion>();

    public DbSet<DefinitionDraft> WorkflowDefinitionDrafts => Set<DefinitionDraft>();

    public DbSet<WorkflowInstance> WorkflowInstances => Set<WorkflowInstance>();

    public DbSet<JournalEntry> WorkflowJournal => Set<JournalEntry>();

    public DbSet<WorkflowTimer> WorkflowTimers => Set<WorkflowTimer>();

    public DbSet<StaffTask> StaffTasks => Set<StaffTask>();

    public DbSet<Incident> Incidents => Set<Incident>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();

    public DbSet<Supplier> Suppliers => Set<Supplier>();

    public DbSet<Enrolment> Enrolments => Set<Enrolment>();

    public DbSet<FinancingRequest> FinancingRequests => Set<FinancingRequest>();

    public DbSet<FinancingRequestVersion> FinancingRequestVersions => Set<FinancingRequestVersion>();

    public DbSet<FinancingBeneficiary> FinancingBeneficiaries => Set<FinancingBeneficiary>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<BudgetEnvelope> BudgetEnvelopes => Set<BudgetEnvelope>();

    public DbSet<EnvelopeEngagement> EnvelopeEngagements => Set<EnvelopeEngagement>();

    public DbSet<Import> Imports => Set<Import>();

    public DbSet<RequestDocument> RequestDocuments => Set<RequestDocument>();

    public DbSet<Counter> Counters => Set<Counter>();

    public DbSet<EnrolmentDocument> EnrolmentDocuments => Set<EnrolmentDocument>();

    public DbSet<News.NewsItem> NewsItems => Set<News.NewsItem>();

    public DbSet<AccountChanges.BankDetailsChange> BankDetailsChanges => Set<AccountChanges.BankDetailsChange>();

    public DbSet<AccountChanges.PersonsChange> PersonsChanges => Set<AccountChanges.PersonsChange>();

    public DbSet<AccountChanges.AccountChangeDocument> AccountChangeDocuments => Set<AccountChanges.AccountChangeDocument>();

    public DbSet<AccountChanges.DocumentTemplate> DocumentTemplates => Set<AccountChanges.DocumentTemplate>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SegurDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite does not keep the kind, PostgreSQL's timestamptz demands it.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    // Internal: the compiled models (Persistence/CompiledModels) construct it.
    internal sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteSegurDbContext(DbContextOptions<SqliteSegurDbContext> options) : SegurDbContext(options);

public sealed class PostgreSqlSegurDbContext(DbContextOptions<PostgreSqlSegurDbContext> options) : SegurDbContext(options);

public sealed class SqlServerSegurDbContext(DbContextOptions<SqlServerSegurDbContext> options) : SegurDbContext(options);
