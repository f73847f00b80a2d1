using System.Diagnostics;

namespace Segur.Workflows.Tests.TestCommand;

/// <summary>The test command names the slowest ten tests, from the TRX reports, before its closing line.</summary>
public sealed class SlowestTestsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("segur-trx-").FullName;

    [Fact]
    public async Task TheSlowestTests_AreListedSlowestFirst_AcrossReports_TenAtMost()
    {
        var results = Enumerable.Range(1, 12).Select(i =>
            $"""<UnitTestResult executionId="{i}" testId="{i}" testName="Suite.Test{i}(kind: &quot;Sqlite&quot;)" duration="00:00:{i:00}.5000000" outcome="Passed" />""");
        await File.WriteAllTextAsync(Path.Combine(_folder, "first.trx"), $"<TestRun><Results>{string.Join("\n", results.Take(6))}</Results></TestRun>");
        await File.WriteAllTextAsync(Path.Combine(_folder, "second.trx"),
            $"<TestRun><Results>{string.Join("\n", results.Skip(6))}\n<UnitTestResult testName=\"Suite.Long\" duration=\"00:02:00.0000000\" /></Results></TestRun>");

        var lines = (await RunAsync("tests/slowest-tests.sh", _folder, "10")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(10, lines.Length);
        Assert.Equal("   120.0 s  Suite.Long", lines[0]);
        Assert.Equal("    12.5 s  Suite.Test12(kind: \"Sqlite\")", lines[1]);
        Assert.EndsWith("Suite.Test4(kind: \"Sqlite\")", lines[9]);
    }

    [Fact]
    public void TheTestCommand_PrintsThem_BeforeItsClosingLine()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot(), "test.sh"));
        var slowest = script.IndexOf("tests/slowest-tests.sh \"$RESULTS\" 10", StringComparison.Ordinal);
        var printed = script.IndexOf("echo \"Slowest tests:\"", StringComparison.Ordinal);
        var closing = script.LastIndexOf("echo \"$summary\"", StringComparison.Ordinal);
        Assert.True(slowest > 0 && printed > slowest && closing > printed, "test.sh must list the slowest tests before its closing line");
        Assert.True(script.IndexOf("cleanup\n", slowest, StringComparison.Ordinal) > slowest, "the TRX files are read before cleanup removes them");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, WorkingDirectory = RepositoryRoot() };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "test.sh")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("test.sh not found above " + AppContext.BaseDirectory);
    }
}
