using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Enrolments;

/// <summary>What a supplier's upload on its enrolment did.</summary>
public sealed record EnrolmentDocumentAdded(string NumeroAns, string FileName, string Kind, string Status, string StatusLabel);

/// <summary>
/// A supplier answers staff on its enrolment: in a state whose definition takes documents ("En attente de pièce
/// justificative", "En attente du certificat de référencement"), one PDF, JPEG or PNG is stored and the state's trigger
/// fired (AjouterPiece, DeposerCertificat) in one transaction; the file is removed again if that transaction fails.
/// </summary>
public sealed class EnrolmentAnswers(
    DatabaseWriter writer, WorkflowRuntime runtime, EnrolmentInstruction instruction, DocumentStorage storage,
    IOptions<DocumentOptions> options, TimeProvider clock)
{
    public async Task<EnrolmentDocumentAdded> AddDocumentAsync(Actor supplier, string numeroAns, IncomingFile file, CancellationToken ct = default)
    {
        if (!supplier.IsInRole(Accounts.Roles.Fournisseur))
        {
            throw new EnrolmentNotFoundException(numeroAns);
        }

        var work = await instruction.GetWorkAsync(supplier, numeroAns, ct);
        if (work.DocumentsTrigger is not { } trigger)
        {
            throw new DocumentsRefusedException(
                $"L'enrôlement {numeroAns} ne peut pas recevoir de pièce dans son statut actuel (« {work.StateLabel} ») : l'ASP ne vous en a pas demandé.");
        }

        var kind = work.State == EnrolmentStates.EnAttenteCertificat ? EnrolmentDocumentKind.CertificatAns : EnrolmentDocumentKind.PieceComplementaire;
        var (name, format, bytes) = await ReadAsync(file, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var documentId = Guid.CreateVersion7(now);
        var relative = $"enrolments/{work.EnrolmentId:N}/{documentId:N}{DocumentContent.Extension(format)}";
        var path = storage.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes, ct);
        try
        {
            var fired = await writer.WriteAsync(async scope =>
            {
                scope.Db.EnrolmentDocuments.Add(new EnrolmentDocument
                {
                    Id = documentId, EnrolmentId = work.EnrolmentId, Kind = kind, FileName = name, ContentType = DocumentContent.ContentType(format),
                    Size = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), StoragePath = relative, UploadedAt = now,
                });
                await scope.Db.SaveChangesAsync(ct);
                return await runtime.FireInTransactionAsync(scope.Db, new FireRequest(work.InstanceId, trigger, supplier)
                {
                    ExpectedVersion = work.InstanceVersion,
                    Input = new Dictionary<string, object?> { ["fichier"] = name },
                }, ct);
            }, ct);
            runtime.NotifyOutbox();
            return new EnrolmentDocumentAdded(numeroAns, name, kind, fired.ToState, fired.ToStateLabel);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private async Task<(string Name, DocumentFormat Format, byte[] Bytes)> ReadAsync(IncomingFile file, CancellationToken ct)
    {
        var max = options.Value.MaxFileBytes;
        using var buffer = new MemoryStream();
        await file.Content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var name = Path.GetFileName(file.FileName.Replace('\\', '/'));
        if (bytes.Length == 0)
        {
            throw new DocumentsRefusedException($"« {name} » est vide.");
        }

        if (bytes.Length > max)
        {
            throw new DocumentsRefusedException($"« {name} » dépasse {max / DocumentOptions.Megabyte} Mo.");
        }

        return DocumentContent.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, DocumentContent.HeaderLength))) is { } format
            ? (name, format, bytes)
            : throw new DocumentsRefusedException(DocumentContent.NotAcceptedMessage(name));
    }
}
