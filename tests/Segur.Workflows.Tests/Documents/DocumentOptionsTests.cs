using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Segur.Workflows.Documents;

namespace Segur.Workflows.Tests.Documents;

public sealed class DocumentOptionsTests
{
    [Fact]
    public void Limits_HaveTheirDefaults_AndAreReadFromSegurDocuments()
    {
        Assert.Equal(10 * 1024 * 1024, new DocumentOptions().MaxFileBytes);
        Assert.Equal(50 * 1024 * 1024, new DocumentOptions().MaxUploadBytes);
        Assert.Equal(500, new DocumentOptions().MaxZipEntries);
        Assert.Equal(200 * 1024 * 1024, new DocumentOptions().MaxZipUncompressedBytes);
        Assert.Equal(100, new DocumentOptions().MaxCompressionRatio);

        var folder = Directory.CreateTempSubdirectory("segur-options-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Segur:DataDirectory"] = folder,
            ["Segur:Documents:MaxFileBytes"] = "2097152",
            ["Segur:Documents:MaxZipEntries"] = "50",
        }).Build();
        try
        {
            using var services = new ServiceCollection().AddLogging().AddSegurWorkflows(configuration).BuildServiceProvider();

            var options = services.GetRequiredService<IOptions<DocumentOptions>>().Value;
            Assert.Equal(2 * 1024 * 1024, options.MaxFileBytes);
            Assert.Equal(50, options.MaxZipEntries);
            Assert.Equal(50 * 1024 * 1024, options.MaxUploadBytes);
            Assert.Equal(Path.Combine(folder, "files"), services.GetRequiredService<DocumentStorage>().Root);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
