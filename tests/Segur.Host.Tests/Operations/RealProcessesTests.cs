using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Engine.Mail;
using Xunit.Abstractions;

namespace Segur.Host.Tests.Operations;

/// <summary>
/// Issue 7, item 5: real Host processes (<c>dotnet Segur.Host.dll</c>) on one database and one broker, fired at from
/// several sides at once, and killed with SIGKILL in the middle of imports, transitions and uploads.
/// Every wait is for a condition (an answer, a row, a file), never for a length of time.
/// </summary>
public sealed class RealProcessesTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TwoHosts_OnePostgreSqlAndOneBroker_ApplyEachTriggerOnce_KeepJournalsConsistent_AndShareSignIns()
    {
        // 250 requests × 4 triggers = the issue's 1,000 triggers, most of them sent to both Hosts at the same moment.
        var requests = int.TryParse(Environment.GetEnvironmentVariable("SEGUR_TEST_PROCESS_REQUESTS"), out var n) ? n : 250;
        await using var cluster = await ProcessCluster.StartAsync(postgreSql: true, hosts: 2);
        await WithLogsAsync(cluster, async () =>
        {
            var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
            var supplier = cluster.Demo.Suppliers[0];
            var staffToken = cluster.Demo.Staff[0].ApiToken;
            var seed = Environment.TickCount;
            output.WriteLine($"graine {seed}, {requests} demandes");

            var editeurs = Enumerable.Range(1, requests).Select(i => $"PROC-{i:0000}").ToArray();
            var numeros = new List<string>();
            foreach (var (chunk, index) in editeurs.Chunk(125).Select((c, i) => (c, i)))
            {
                numeros.AddRange(await ImportAsync(index % 2 == 0 ? a : b, supplier, chunk));
            }

            var applied = new ConcurrentDictionary<string, List<string>>();
            await ForEachAsync(Enumerable.Range(0, requests), 8, async i =>
            {
                var random = new Random(seed + i);
                var (numero, editeur) = (numeros[i], editeurs[i]);
                var done = applied.GetOrAdd(numero, _ => []);
                Assert.Equal(HttpStatusCode.OK, await UploadAsync(Pick(random, a, b), supplier.ApiToken, numero, editeur + ".pdf"));
                done.Add("CompleterPieces");
                await BothAtOnceAsync(a, b, staffToken, numero, "DemanderPiece", new { document = $"Attestation {numero}" });
                done.Add("DemanderPiece");
                Assert.Equal(HttpStatusCode.OK, await FireAsync(Pick(random, a, b), supplier.ApiToken, numero, "AjouterPiece", null));
                done.Add("AjouterPiece");
                var last = random.Next(2) == 0 ? "Valider" : "Rejeter";
                await BothAtOnceAsync(a, b, staffToken, numero, last, last == "Rejeter" ? new { reason = $"Doublon de {numero}" } : null);
                done.Add(last);
            });

            await using (var db = cluster.Database())
            {
                foreach (var numero in numeros)
                {
                    var journal = await JournalOfAsync(db, numero);
                    Assert.Equal(applied[numero], journal.Where(j => j.Trigger != Segur.Workflows.Engine.Runtime.WorkflowRuntime.StartTrigger).Select(j => j.Trigger));
                }

                // A lost race is a 409 for its caller, never an incident for staff.
                Assert.Empty(await db.Incidents.AsNoTracking().Select(i => i.Trigger + " : " + i.Message).ToListAsync());
            }

            await AssertConsistentAsync(cluster);
            await AssertEachEmailSentOnceAsync(cluster, exactlyOnce: true);
            await AssertASignInOnOneHostIsValidOnTheOtherAsync(cluster, supplier);
        });
    }

    [Fact]
    public async Task ASevenDayTimer_FiresOnceAcrossTwoHosts_WhenTheirSharedClockReachesIt()
    {
        // Both Hosts read "now" from one offset file (decision 0155): moving it is seven days passing for both at once.
        var clockFile = Path.Combine(Path.GetTempPath(), $"segur-horloge-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(clockFile, "");
        try
        {
            await using var cluster = await ProcessCluster.StartAsync(postgreSql: true, hosts: 2, new Dictionary<string, string>
            {
                ["Segur__Clock__OffsetFile"] = clockFile,
                ["Segur__Timers__SweepInterval"] = "00:00:00.200",
            });
            await WithLogsAsync(cluster, async () =>
            {
                var supplier = cluster.Demo.Suppliers[0];
                var incomplete = await ImportAsync(cluster.Hosts[0], supplier, [.. Enumerable.Range(1, 20).Select(i => $"SEPT-{i:000}")]);
                var completed = await ImportAsync(cluster.Hosts[1], supplier, ["SEPT-DEPOSEE"]);
                Assert.Equal(HttpStatusCode.OK, await UploadAsync(cluster.Hosts[1], supplier.ApiToken, completed[0], "SEPT-DEPOSEE.pdf"));

                // A minute short of seven days: both Hosts see the new "now", and no timer is due yet.
                await MoveClockAsync(clockFile, "P6DT23H59M");
                foreach (var host in cluster.Hosts)
                {
                    var health = await HealthUntilAsync(host, h => (string?)h["clockOffset"] == "P6DT23H59M");
                    Assert.Equal(0, (int)health["overdueTimers"]!);
                }

                await using (var db = cluster.Database())
                {
                    Assert.Equal(20, await db.FinancingRequests.AsNoTracking().CountAsync(r => r.NumeroEditeur.StartsWith("SEPT-0") && r.Status == "NonCompletee"));
                }

                await MoveClockAsync(clockFile, "P7DT1M");
                await Until(async () =>
                {
                    await using var db = cluster.Database();
                    var left = await db.FinancingRequests.AsNoTracking().CountAsync(r => r.NumeroEditeur.StartsWith("SEPT-0") && r.Status != "Supprimee");
                    return (left == 0, $"{left} demande(s) non complétée(s) pas encore supprimée(s)");
                }, TimeSpan.FromMinutes(2));

                await using (var db = cluster.Database())
                {
                    foreach (var numero in incomplete)
                    {
                        var journal = await JournalOfAsync(db, numero);
                        Assert.Single(journal, j => j.Trigger == "Expirer");
                        Assert.Equal("Supprimee", journal[^1].ToState);
                    }

                    // The deposited request had no such timer left: untouched by the seven days.
                    Assert.DoesNotContain(await JournalOfAsync(db, completed[0]), j => j.Trigger == "Expirer");
                    Assert.Equal(0, await db.WorkflowTimers.AsNoTracking().CountAsync(t => t.Trigger == "Expirer"));
                    Assert.Empty(await db.Incidents.AsNoTracking().Select(i => i.Trigger + " : " + i.Message).ToListAsync());
                }

                await AssertConsistentAsync(cluster);
            });
        }
        finally
        {
            File.Delete(clockFile);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AHostKilledDuringAnImportAndABurst_LeavesEverythingWholeOrAbsent_AfterItsRestart(bool postgreSql)
    {
        await using var cluster = await ProcessCluster.StartAsync(postgreSql, hosts: postgreSql ? 2 : 1);
        await WithLogsAsync(cluster, async () =>
        {
            var victim = cluster.Hosts[0];
            var survivor = cluster.Hosts[^1];
            var supplier = cluster.Demo.Suppliers[0];
            var staffToken = cluster.Demo.Staff[0].ApiToken;

            var toReject = await ImportAsync(victim, supplier, [.. Enumerable.Range(1, 20).Select(i => $"DEP-{i:000}")]);
            for (var i = 0; i < toReject.Count; i++)
            {
                Assert.Equal(HttpStatusCode.OK, await UploadAsync(victim, supplier.ApiToken, toReject[i], $"DEP-{i + 1:000}.pdf"));
            }

            var toComplete = await ImportAsync(victim, supplier, [.. Enumerable.Range(1, 30).Select(i => $"INC-{i:000}")]);

            var answered = 0;
            var enough = new TaskCompletionSource();
            void Answered()
            {
                if (Interlocked.Increment(ref answered) == 8)
                {
                    enough.TrySetResult();
                }
            }

            var crashImport = Attempt(() => ImportAsync(victim, supplier, [.. Enumerable.Range(1, 200).Select(i => $"CRASH-{i:000}")]));
            var burst = toComplete.Select((numero, i) => Attempt(async () =>
                {
                    await UploadAsync(i % 2 == 0 ? victim : survivor, supplier.ApiToken, numero, $"INC-{i + 1:000}.pdf");
                    Answered();
                }))
                .Concat(toReject.Select((numero, i) => Attempt(async () =>
                {
                    await FireAsync(i % 2 == 0 ? victim : survivor, staffToken, numero, "Rejeter", new { reason = $"Doublon de {numero}" });
                    Answered();
                })))
                .ToList();

            // The kill comes once the burst is under way (8 answers), whatever the import has reached by then.
            await Task.WhenAny(enough.Task, Task.WhenAll(burst));
            victim.Kill();
            await Task.WhenAll(burst.Append(crashImport));
            // Restarted once no upload is in flight, with no grace: the crash's orphan files are swept at once (the grace
            // protects files renamed into place whose write has not committed yet).
            await victim.RestartAsync(new Dictionary<string, string>
            {
                ["Segur__Documents__OrphanGrace"] = "00:00:00",
                ["Segur__Documents__OrphanSweepInterval"] = "00:00:01",
            });

            await using (var db = cluster.Database())
            {
                var crashed = await db.FinancingRequests.AsNoTracking().CountAsync(r => r.NumeroEditeur.StartsWith("CRASH-"));
                output.WriteLine($"import tué : {crashed} demandes sur 200 ; {answered} réponses de la rafale avant le kill");
                Assert.True(crashed is 0 or 200, $"import à moitié écrit : {crashed} demandes sur 200");
                var imports = await db.Imports.AsNoTracking().Where(i => i.LineCount == 200).ToListAsync();
                Assert.Equal(crashed == 0 ? 0 : 1, imports.Count);
                Assert.All(imports, i => Assert.Equal(200, i.Retained));

                // A request with its document is never left "Non complétée" (the document and its trigger commit together).
                var incompleteWithDocuments = await db.FinancingRequests.AsNoTracking()
                    .Where(r => r.Status == "NonCompletee" && db.RequestDocuments.Any(d => d.RequestId == r.Id))
                    .Select(r => r.NumeroAsp).ToListAsync();
                Assert.Empty(incompleteWithDocuments);
            }

            await AssertConsistentAsync(cluster);
            await AssertNoOrphanRowOrFileAsync(cluster);
            await AssertEachEmailSentOnceAsync(cluster, exactlyOnce: false);

            // The restarted Host works: it validates a deposited request, or deletes an incomplete one, through its API.
            await using (var db = cluster.Database())
            {
                var deposited = await db.FinancingRequests.AsNoTracking().Where(r => r.Status == "EnCours").Select(r => r.NumeroAsp).FirstOrDefaultAsync();
                var answer = deposited is not null
                    ? await FireAsync(victim, staffToken, deposited, "Valider", null)
                    : await FireAsync(victim, supplier.ApiToken, await db.FinancingRequests.AsNoTracking()
                        .Where(r => r.Status == "NonCompletee").Select(r => r.NumeroAsp).FirstAsync(), "Supprimer", null);
                Assert.Equal(HttpStatusCode.OK, answer);
            }
        });
    }

    /// <summary>Every request: its status is its instance's state and the last journal entry's; no journal version twice.</summary>
    private static async Task AssertConsistentAsync(ProcessCluster cluster)
    {
        await using var db = cluster.Database();
        // Joined here: SQLite keeps a Guid as upper-case text, the instance names its subject in lower case.
        var instances = (await db.WorkflowInstances.AsNoTracking().Where(i => i.SubjectType == "FinancingRequest").ToListAsync())
            .ToDictionary(i => i.SubjectId, StringComparer.OrdinalIgnoreCase);
        var rows = (await db.FinancingRequests.AsNoTracking().ToListAsync())
            .Select(r => (r.NumeroAsp, r.Status, Instance: instances[r.Id.ToString()]))
            .Select(r => new { r.NumeroAsp, r.Status, r.Instance.Id, r.Instance.State })
            .ToList();
        var journal = (await db.WorkflowJournal.AsNoTracking().ToListAsync()).ToLookup(j => j.InstanceId);
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var entries = journal[row.Id].OrderBy(j => j.Version).ThenBy(j => j.Id).ToList();
            Assert.True(row.Status == row.State, $"{row.NumeroAsp} : statut {row.Status}, instance {row.State}");
            Assert.True(entries.Count > 0 && entries[^1].ToState == row.State, $"{row.NumeroAsp} : dernière entrée du journal {entries.LastOrDefault()?.ToState}, instance {row.State}");
            Assert.True(entries.Select(e => e.Version).Distinct().Count() == entries.Count, $"{row.NumeroAsp} : une version du journal en double");
        }
    }

    /// <summary>Every document row names a file that exists; every file has its row once the sweeper has passed.</summary>
    private static async Task AssertNoOrphanRowOrFileAsync(ProcessCluster cluster)
    {
        var files = Path.Combine(cluster.DataDirectory, "files");
        await using (var db = cluster.Database())
        {
            var paths = await db.RequestDocuments.AsNoTracking().Select(d => d.StoragePath).ToListAsync();
            Assert.All(paths, p => Assert.True(File.Exists(Path.Combine(files, p)), $"ligne sans fichier : {p}"));
        }

        await Until(async () =>
        {
            await using var db = cluster.Database();
            var known = (await db.RequestDocuments.AsNoTracking().Select(d => d.StoragePath).ToListAsync())
                .Select(p => Path.GetFullPath(Path.Combine(files, p))).ToHashSet();
            var orphans = Directory.Exists(files)
                ? Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories)
                    .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.staging{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                    .Where(f => !known.Contains(Path.GetFullPath(f))).ToList()
                : [];
            return (orphans.Count == 0, $"fichiers sans ligne : {string.Join(", ", orphans)}");
        }, TimeSpan.FromSeconds(90));
    }

    /// <summary>
    /// Every e-mail of the outbox is dispatched and claimed once by its consumer; the SMTP server got it once (or, after a
    /// crash between the claim and the send, at most once: decision 0091).
    /// </summary>
    private static async Task AssertEachEmailSentOnceAsync(ProcessCluster cluster, bool exactlyOnce)
    {
        var emailType = typeof(EmailRequested).FullName;
        await Until(async () =>
        {
            await using var db = cluster.Database();
            var pending = await db.OutboxMessages.AsNoTracking().CountAsync(m => m.DeadLetteredAt == null
                && (m.DispatchedAt == null || (m.Type == emailType && !db.ProcessedMessages.Any(p => p.MessageId == m.Id))));
            return (pending == 0, $"{pending} message(s) de l'outbox en cours");
        }, TimeSpan.FromMinutes(3));

        await using var read = cluster.Database();
        var mails = (await read.OutboxMessages.AsNoTracking().Where(m => m.Type == emailType && m.DeadLetteredAt == null).Select(m => m.Payload).ToListAsync())
            .Select(p => JsonSerializer.Deserialize<EmailRequested>(p, new JsonSerializerOptions(JsonSerializerDefaults.Web)))
            .Where(m => m is { Subject.Length: > 0 })
            .Select(m => (m!.To, m.Subject))
            .ToList();
        Assert.NotEmpty(mails);
        int Received((string To, string Subject) mail) => cluster.Mailbox.All()
            .Count(m => m.Subject == mail.Subject && m.To.Mailboxes.Any(a => string.Equals(a.Address, mail.To, StringComparison.OrdinalIgnoreCase)));
        if (exactlyOnce)
        {
            // Claimed before sending: the last ones may still be on their way to the SMTP server.
            await Until(() => Task.FromResult((mails.All(m => Received(m) >= 1), "e-mails pas encore reçus")), TimeSpan.FromMinutes(1));
        }

        Assert.All(mails, m => Assert.True(Received(m) <= 1, $"« {m.Subject} » reçu {Received(m)} fois"));
        Assert.Equal(mails.Count, mails.Distinct().Count());
    }

    /// <summary>Data-protection keys in the shared folder: the cookie one Host issued opens the other's pages.</summary>
    private static async Task AssertASignInOnOneHostIsValidOnTheOtherAsync(ProcessCluster cluster, DemoSupplier supplier)
    {
        var cookies = new CookieContainer();
        PageClient On(HostProcess host) => new(new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = host.Address,
        });
        using var onA = On(cluster.Hosts[0]);
        using var onB = On(cluster.Hosts[1]);

        var signedIn = await onA.SignInAsync(supplier.Uid, supplier.Password);
        Assert.Equal("/accueil", signedIn.RedirectPath);
        var home = await onB.GetAsync("/accueil");

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Equal(supplier.Uid, home.TextOf("[data-testid=uid]"));
    }

    private static async Task<IReadOnlyList<(string Trigger, string ToState)>> JournalOfAsync(Segur.Workflows.Persistence.SegurDbContext db, string numero)
    {
        var id = (await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.NumeroAsp == numero)).Id.ToString();
        var instance = await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.SubjectId == id);
        return [.. (await db.WorkflowJournal.AsNoTracking().Where(j => j.InstanceId == instance.Id).OrderBy(j => j.Version).ThenBy(j => j.Id).ToListAsync())
            .Select(j => (j.Trigger, j.ToState))];
    }

    /// <summary>The same staff action sent to both Hosts at the same moment: exactly one applies, the other is refused (409).</summary>
    private static async Task BothAtOnceAsync(HostProcess a, HostProcess b, string token, string numero, string trigger, object? body)
    {
        var answers = await Task.WhenAll(FireAsync(a, token, numero, trigger, body), FireAsync(b, token, numero, trigger, body));
        Assert.Single(answers, s => s == HttpStatusCode.OK);
        Assert.Single(answers, s => s == HttpStatusCode.Conflict);
    }

    private static async Task<IReadOnlyList<string>> ImportAsync(HostProcess host, DemoSupplier supplier, string[] editeurs)
    {
        var file = new JsonObject
        {
            ["impId"] = null,
            ["numeroAns"] = supplier.NumeroAns,
            ["siret"] = supplier.Siret,
            ["lignesImport"] = new JsonArray([.. editeurs.Select((e, i) => SupplierImports.Line(supplier, i + 1, e, null, structure: false, 1000m + i))]),
        };
        using var client = host.Client(supplier.ApiToken);
        using var response = await client.PostAsync(
            $"/api/v1/imports?simulation=false&nomFichier={editeurs[0]}.json", new StringContent(file.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var lines = JsonNode.Parse(text)!["lignesImport"]!.AsArray();
        var numeros = lines.Select(l => (string?)l!["numeroASP"]).ToList();
        Assert.True(numeros.All(n => n is not null), text);
        return numeros!;
    }

    private static async Task<HttpStatusCode> UploadAsync(HostProcess host, string token, string numero, string fileName)
    {
        using var client = host.Client(token);
        using var form = new MultipartFormDataContent();
        var pdf = new ByteArrayContent(TestFiles.Pdf());
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(pdf, "fichiers", fileName);
        using var response = await client.PostAsync($"/api/v1/requests/{numero}/documents", form);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> FireAsync(HostProcess host, string token, string numero, string trigger, object? body)
    {
        using var client = host.Client(token);
        using var response = await client.PostAsJsonAsync($"/api/v1/requests/{numero}/actions/{trigger}", body ?? new { });
        return response.StatusCode;
    }

    /// <summary>Runs the scenario; on a failure the Hosts' last log lines go to the test's output.</summary>
    private async Task WithLogsAsync(ProcessCluster cluster, Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    /// <summary>Writes the shared clock's offset as a whole: a new file renamed into place, never a half-written one.</summary>
    private static async Task MoveClockAsync(string clockFile, string offset)
    {
        await File.WriteAllTextAsync(clockFile + ".new", offset);
        File.Move(clockFile + ".new", clockFile, overwrite: true);
    }

    /// <summary>Reads a Host's /health until its data meets the condition (the offset file is read again within 100 ms).</summary>
    private static async Task<JsonNode> HealthUntilAsync(HostProcess host, Func<JsonNode, bool> condition)
    {
        using var client = host.Client();
        JsonNode? data = null;
        await Until(async () =>
        {
            using var response = await client.GetAsync("/health");
            data = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["checks"]?.AsObject()
                .Select(c => c.Value?["data"]).FirstOrDefault(d => d?["clockOffset"] is not null);
            return (data is not null && condition(data), $"{host.Name} : /health ne montre pas encore l'horloge attendue ({data?.ToJsonString()})");
        }, TimeSpan.FromSeconds(30));
        return data!;
    }

    private static HostProcess Pick(Random random, HostProcess a, HostProcess b) => random.Next(2) == 0 ? a : b;

    /// <summary>Runs the work; a call cut by the kill (connection reset) is expected and ignored.</summary>
    private static async Task Attempt(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            // The Host died under this call.
        }
    }

    private static async Task ForEachAsync<T>(IEnumerable<T> items, int parallel, Func<T, Task> work) =>
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (item, _) => await work(item));

    private static async Task Until(Func<Task<(bool Done, string Why)>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (done, why) = await condition();
            if (done)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, why);
            await Task.Delay(100);
        }
    }
}
