using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Mail;
using Segur.Workflows.Financing;
using Segur.Workflows.Payments;

namespace Segur.Workflows.Tests.TestSupport;

public static class Compilers
{
    /// <summary>The compiler with the product's activities, no database needed.</summary>
    public static DefinitionCompiler Product() => new(new ActivityRegistry(
    [
        new SendEmail(new EmailComposer()), new PublishEvent(), new ComputeAmounts(), new DeleteIncompleteRequest(), new CheckBeneficiariesFree(),
        new ArchiveCurrentVersion(), new StartPayment(), new PutIntoPayment(), new RecordPayment(),
        new Workflows.Enrolments.CreateSupplierAccount(new Workflows.Accounts.SupplierAccounts(), new EmailComposer()),
        new Workflows.AccountChanges.RecordReview(),

        // Only their descriptors are read here: no database, no file is touched.
        new Workflows.Budget.EngageBudget(new Workflows.Budget.BudgetLedger(null!)), new Workflows.Budget.ReleaseBudget(),
        new Workflows.Documents.GenerateDecisionDocument(new Workflows.Documents.GeneratedDocuments(new Workflows.Documents.DocumentStorage(Path.GetTempPath()), null)),
        new Workflows.Documents.GeneratePaymentNotice(new Workflows.Documents.GeneratedDocuments(new Workflows.Documents.DocumentStorage(Path.GetTempPath()), null)),
    ]));

    public static string DefinitionsFolder => Path.Combine(AppContext.BaseDirectory, "definitions");
}
