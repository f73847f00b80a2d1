using System.Security.Cryptography;
using Segur.Workflows.Documents;
using static Segur.Workflows.Tests.Documents.DocumentTestFiles;

namespace Segur.Workflows.Tests.Documents;

/// <summary>What a zip must be to be read at all (zip slip, entry count, zip bombs, encryption) and how its files are checked.</summary>
public sealed class ZipRulesTests : IDisposable
{
    private readonly DocumentStorage _storage = new(Directory.CreateTempSubdirectory("segur-zip-").FullName);

    public void Dispose() => Directory.Delete(_storage.Root, recursive: true);

    [Theory]
    [InlineData("../x.pdf")]
    [InlineData("BDC-1/../../x.pdf")]
    [InlineData("/etc/x.pdf")]
    [InlineData("C:/Windows/x.pdf")]
    [InlineData("c:x.pdf")]
    [InlineData(@"..\x.pdf")]
    [InlineData(@"BDC-1\..\..\x.pdf")]
    [InlineData("BDC-1/.../x.pdf")]
    [InlineData("BDC-1/.. /x.pdf")]
    [InlineData("BDC-1/x\u0000.pdf")]
    public void PathsLeavingTheArchive_AreNotSafe(string path) => Assert.False(ZipEntryPath.IsSafe(path));

    [Theory]
    [InlineData("bon.pdf")]
    [InlineData("BDC-1/bon.pdf")]
    [InlineData("BDC-1/")]
    [InlineData("./BDC-1/bon..v2.pdf")]
    public void RelativePathsInsideTheArchive_AreSafe(string path) => Assert.True(ZipEntryPath.IsSafe(path));

    [Theory]
    [InlineData("../x.pdf")]
    [InlineData("/tmp/x.pdf")]
    [InlineData("C:/x.pdf")]
    [InlineData(@"..\x.pdf")]
    public async Task AZipWithAnEntryLeavingTheArchive_IsRefused(string path)
    {
        var refused = await RefusedAsync(Zip(("bon.pdf", Pdf()), (path, Pdf())));
        Assert.Contains($"« {path} »", refused.Message);
        Assert.Contains("sort de l'archive", refused.Message);
        Assert.Contains("Aucune pièce n'a été enregistrée", refused.Message);
    }

    [Fact]
    public async Task AZipWithThousandsOfEntries_IsRefused()
    {
        var entries = Enumerable.Range(0, 3000).Select(i => ($"BDC-{i}.pdf", "%PDF-1.7"u8.ToArray())).ToArray();
        var refused = await RefusedAsync(Zip(entries));
        Assert.Contains("plus de 500 fichiers", refused.Message);
    }

    [Fact]
    public async Task TheEntryLimit_CountsFiles_NotFolders()
    {
        var options = new DocumentOptions { MaxZipEntries = 3 };
        var upload = await ReadAsync(Zip(("BDC-1/", []), ("BDC-1/a.pdf", Pdf()), ("BDC-1/b.pdf", Pdf()), ("BDC-2/", []), ("BDC-2/c.pdf", Pdf())), options);
        Assert.Empty(upload.Problems);
        Assert.Equal(3, upload.Documents.Count);

        var refused = await RefusedAsync(Zip(("a.pdf", Pdf()), ("b.pdf", Pdf()), ("c.pdf", Pdf()), ("d.pdf", Pdf())), options);
        Assert.Contains("plus de 3 fichiers", refused.Message);
    }

    [Fact]
    public async Task AZipBomb_IsRefused()
    {
        var zip = Zip(("bon.pdf", Pdf()), ("bombe.pdf", Bomb(megabytes: 4)));
        Assert.True(zip.Length < 4 * 1024 * 1024 / 100, "the test zip must compress more than 100:1");

        var refused = await RefusedAsync(zip);
        Assert.Contains("zip bomb", refused.Message);
        Assert.Contains("bombe.pdf", refused.Message);
    }

    [Fact]
    public async Task AZipBomb_IsRefused_EvenWhenItsHeadersClaimASmallSize()
    {
        var lying = WithClaimedSize(Zip(("bombe.pdf", Bomb(megabytes: 4))), uncompressed: 1000);

        // ZipArchive stops at the claimed size: what comes out is truncated, which the checksum reveals.
        var refused = await RefusedAsync(lying);
        Assert.Contains("« bombe.pdf » ne correspond pas à sa somme de contrôle", refused.Message);
    }

    [Fact]
    public async Task ReadingStops_AtTheLimit_WhateverTheSourceClaims()
    {
        using var staging = _storage.NewStaging();
        long seen = 0;
        var staged = await staging.SaveAsync(new EndlessZeros(), maxBytes: 1_000_000, read => seen = read, CancellationToken.None);
        Assert.True(staged.TooLarge);
        Assert.InRange(seen, 1_000_001, 1_000_000 + 81_920);
        Assert.Empty(Directory.EnumerateFiles(staging.Folder));

        var guarded = await Assert.ThrowsAsync<DocumentsRefusedException>(() =>
            staging.SaveAsync(new EndlessZeros(), long.MaxValue, read => { if (read > 5_000_000) throw new DocumentsRefusedException("trop"); }, CancellationToken.None));
        Assert.StartsWith("trop", guarded.Message);
    }

    [Fact]
    public async Task AZipExpandingPastTheTotalLimit_IsRefused_CountingTheBytesRead()
    {
        var options = new DocumentOptions { MaxZipUncompressedBytes = 100_000 };
        var refused = await RefusedAsync(Zip(("a.pdf", Random(60_000)), ("b.pdf", Random(60_000))), options);
        Assert.Contains("dépasse 0,1 Mo", refused.Message);
    }

    [Fact]
    public async Task AnEncryptedEntry_IsRefused()
    {
        var refused = await RefusedAsync(Encrypted(Zip(("bon.pdf", Pdf()))));
        Assert.Contains("chiffré", refused.Message);
    }

    [Fact]
    public async Task EveryFileFailingTheContentCheck_IsReported()
    {
        var upload = await ReadAsync(Zip(("bon.pdf", Pdf()), ("BDC-1/facture.pdf", Text()), ("vide.pdf", []), ("scan.jpg", Jpeg())));
        Assert.Equal(["bon.pdf", "scan.jpg"], upload.Documents.Select(d => d.FileName));
        Assert.Equal(2, upload.Problems.Count);
        Assert.Contains("« pieces.zip › BDC-1/facture.pdf » n'est pas un PDF, un JPEG ni un PNG valide.", upload.Problems);
        Assert.Contains("« pieces.zip › vide.pdf » est vide.", upload.Problems);
    }

    [Fact]
    public async Task AZipInsideAZip_IsNotADocument()
    {
        var upload = await ReadAsync(Zip(("interieur.zip", Zip(("bon.pdf", Pdf())))));
        Assert.Contains("« pieces.zip › interieur.zip » n'est pas un PDF, un JPEG ni un PNG valide.", upload.Problems);
    }

    [Fact]
    public async Task AFileOverTheSizeLimit_IsReported_AndAnUploadOverItsLimitRefused()
    {
        var upload = await ReadAsync(Zip(("gros.pdf", Random(5_000))), new DocumentOptions { MaxFileBytes = 4_000 });
        Assert.Contains("« pieces.zip › gros.pdf » dépasse la taille maximale", Assert.Single(upload.Problems));

        var refused = await RefusedAsync(Zip(("gros.pdf", Random(5_000))), new DocumentOptions { MaxUploadBytes = 4_000 });
        Assert.Contains("L'envoi est refusé : il dépasse la taille maximale", refused.Message);
    }

    [Fact]
    public async Task ArchiverMetadata_IsSkipped()
    {
        var upload = await ReadAsync(Zip(("BDC-1/bon.pdf", Pdf()), ("__MACOSX/BDC-1/._bon.pdf", Text()), ("BDC-1/.DS_Store", Text()), ("Thumbs.db", Text())));
        Assert.Empty(upload.Problems);
        Assert.Equal(["bon.pdf"], upload.Documents.Select(d => d.FileName));
        Assert.Equal(["BDC-1"], upload.Documents[0].Folders);
    }

    [Fact]
    public async Task SomethingThatIsNotAZip_OrADamagedZip_IsRefused()
    {
        Assert.Contains("« pieces.zip » n'est pas une archive zip valide", (await RefusedAsync(Pdf())).Message);
        Assert.Contains("illisible ou endommagée", (await RefusedAsync([.. "PK\u0003\u0004"u8, .. Random(200)])).Message);
        Assert.Contains("ne contient aucun fichier", (await RefusedAsync(Zip())).Message);
    }

    private async Task<DocumentsRefusedException> RefusedAsync(byte[] zip, DocumentOptions? options = null)
    {
        var refused = await Assert.ThrowsAsync<DocumentsRefusedException>(() => ReadAsync(zip, options));
        Assert.Empty(Directory.EnumerateFiles(_storage.Root, "*", SearchOption.AllDirectories));
        return refused;
    }

    private async Task<Upload> ReadAsync(byte[] zip, DocumentOptions? options = null)
    {
        using var staging = _storage.NewStaging();
        var upload = new Upload(options ?? new DocumentOptions(), staging);
        await upload.AddZipAsync(File("pieces.zip", zip), CancellationToken.None);
        return upload;
    }

    private sealed class EndlessZeros : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static byte[] Random(int length) => [.. "%PDF-1.7\n"u8, .. RandomNumberGenerator.GetBytes(length)];
}
