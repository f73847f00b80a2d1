using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Documents;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.Documents.DocumentTestFiles;
using static Segur.Workflows.Tests.TestSupport.Subjects;

namespace Segur.Workflows.Tests.Documents;

/// <summary>
/// A request's last document and its "documents complete" trigger commit together or not at all; files are on disk
/// before the rows that name them, and files left without a row are swept after a grace delay.
/// </summary>
public abstract class DocumentTransactionTests(DatabaseKind kind) : IAsyncLifetime
{
    private EngineHost _host = null!;

    private DocumentIntake Intake => _host.Services.GetRequiredService<DocumentIntake>();

    private string FilesFolder => Path.Combine(_host.TestDatabase.Folder, "files");

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task WhenTheCompletingTriggerCannotCommit_TheLastDocumentIsNotStoredEither_AndARetryStoresBoth()
    {
        var supplier = await NewSupplierAsync(_host);
        var actor = SupplierActor(supplier.Id);
        var (request, instance) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-1", "bon.pdf", "facture.pdf");
        await Intake.AddToRequestAsync(actor, request.NumeroAsp, [File("bon.pdf", Pdf())]);

        // The database refuses the instance's change of state, as a crash between the two would leave it.
        await RefuseStateChangesAsync(request.Id, refuse: true);
        var refused = await Assert.ThrowsAsync<DocumentsRefusedException>(() =>
            Intake.AddToRequestAsync(actor, request.NumeroAsp, [File("facture.pdf", Pdf("Facture"))]));

        Assert.Contains("Les pièces n'ont pas été enregistrées", refused.Message);
        Assert.Equal("NonCompletee", (await _host.InstanceAsync(instance)).State);
        await using (var db = _host.NewContext())
        {
            Assert.Equal(["bon.pdf"], await db.RequestDocuments.Where(d => d.RequestId == request.Id).Select(d => d.FileName).ToListAsync());
        }

        Assert.Single(Directory.EnumerateFiles(Path.Combine(FilesFolder, request.Id.ToString("N"))));

        await RefuseStateChangesAsync(request.Id, refuse: false);
        var added = await Intake.AddToRequestAsync(actor, request.NumeroAsp, [File("facture.pdf", Pdf("Facture"))]);
        Assert.Equal(("EnCours", "En cours"), (added.Status, added.StatusLabel));
        Assert.Equal("EnCours", (await _host.InstanceAsync(instance)).State);
        await using var check = _host.NewContext();
        var paths = await check.RequestDocuments.Where(d => d.RequestId == request.Id).Select(d => d.StoragePath).ToListAsync();
        Assert.Equal(2, paths.Count);
        Assert.All(paths, p => Assert.True(System.IO.File.Exists(Path.Combine(FilesFolder, p)), $"{p} is missing"));
        Assert.False(await check.WorkflowTimers.AnyAsync(t => t.InstanceId == instance), "the deletion timer is still armed");
    }

    [Fact]
    public async Task AnOrphanFile_IsSweptAfterTheGraceDelay_WhileStoredAndRecentFilesStay()
    {
        var supplier = await NewSupplierAsync(_host);
        var (request, _) = await DocumentSubjects.NewRequestAsync(_host, supplier, "BDC-1", "bon.pdf", "facture.pdf");
        await Intake.AddToRequestAsync(SupplierActor(supplier.Id), request.NumeroAsp, [File("bon.pdf", Pdf())]);
        var folder = Path.Combine(FilesFolder, request.Id.ToString("N"));
        var stored = Assert.Single(Directory.EnumerateFiles(folder));
        var orphan = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".pdf");
        var recentOrphan = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".pdf");
        await System.IO.File.WriteAllBytesAsync(orphan, Pdf());
        await System.IO.File.WriteAllBytesAsync(recentOrphan, Pdf());
        var now = _host.Clock.GetUtcNow().UtcDateTime;
        System.IO.File.SetLastWriteTimeUtc(orphan, now.AddHours(-2));
        System.IO.File.SetLastWriteTimeUtc(stored, now.AddHours(-2));
        System.IO.File.SetLastWriteTimeUtc(recentOrphan, now.AddMinutes(-5));

        var deleted = await _host.Services.GetRequiredService<OrphanFileSweeper>().SweepAsync();

        Assert.Equal(1, deleted);
        Assert.False(System.IO.File.Exists(orphan));
        Assert.True(System.IO.File.Exists(stored));
        Assert.True(System.IO.File.Exists(recentOrphan));
    }

    private async Task RefuseStateChangesAsync(Guid requestId, bool refuse)
    {
        await using var db = _host.NewContext();
        var sql = (kind, refuse) switch
        {
            (DatabaseKind.Sqlite, true) => $"""
                CREATE TRIGGER refuse_state BEFORE UPDATE ON "WorkflowInstances"
                WHEN NEW."SubjectId" = '{requestId}' AND NEW."State" <> OLD."State"
                BEGIN SELECT RAISE(ABORT, 'panne simulée'); END;
                """,
            (DatabaseKind.Sqlite, false) => "DROP TRIGGER refuse_state;",
            (_, true) => $"""
                CREATE FUNCTION refuse_state() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW."SubjectId" = '{requestId}' AND NEW."State" <> OLD."State" THEN RAISE EXCEPTION 'panne simulée'; END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_state BEFORE UPDATE ON "WorkflowInstances" FOR EACH ROW EXECUTE FUNCTION refuse_state();
                """,
            _ => """DROP TRIGGER refuse_state ON "WorkflowInstances"; DROP FUNCTION refuse_state();""",
        };
#pragma warning disable EF1002 // the SQL is the test's own, with a Guid: nothing comes from outside
        await db.Database.ExecuteSqlRawAsync(sql);
#pragma warning restore EF1002
    }
}

public sealed class SqliteDocumentTransactionTests() : DocumentTransactionTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlDocumentTransactionTests() : DocumentTransactionTests(DatabaseKind.PostgreSql);
