using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Documents.Pdf;
using Segur.Workflows.Financing;
using Segur.Workflows.Payments;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Documents;

/// <summary>
/// The documents the agency issues (décision d'attribution, avis de paiement), made as PDF inside the fire that decides or
/// records the payment and stored with the request's documents: the row is saved with the fire, or not at all. The file
/// is written first; if the fire then fails, it stays behind without a row, never listed (as for uploads).
/// </summary>
public sealed class GeneratedDocuments(DocumentStorage storage, string? fontFolder)
{
    public const string DecisionType = "DECISION_ATTRIBUTION";
    public const string PaymentNoticeType = "AVIS_PAIEMENT";
    public const string IssuedBy = "ASP";

    public async Task<RequestDocument> CreateDecisionAsync(SegurDbContext db, FinancingRequest request, DateTime now, bool dryRun, CancellationToken ct)
    {
        PdfFonts.EnsureRegistered(fontFolder);
        var address = await AddressAsync(db, request.SupplierId, ct);
        var engagement = await db.EnvelopeEngagements.FindAsync([request.Id], ct);
        var envelope = engagement is null ? null : $"enveloppe « {engagement.EnvelopeLabel} » ({engagement.EnvelopeCode})";
        var pdf = DecisionLetter.Render(LetterFacts.Of(request, address), ParisDays.DayOf(now), envelope);
        return Store(db, request.Id, $"decision-attribution-{request.NumeroAsp}.pdf", DecisionType, pdf, now, dryRun);
    }

    public async Task<RequestDocument> CreatePaymentNoticeAsync(SegurDbContext db, Payment payment, DateTime now, bool dryRun, CancellationToken ct)
    {
        PdfFonts.EnsureRegistered(fontFolder);
        var request = await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == payment.RequestId, ct);
        var address = await AddressAsync(db, request.SupplierId, ct);
        // The details the versement was put into payment to; a payment from before they were kept reads those in force.
        var bank = payment.Banque ?? await AccountChanges.BankDetailsChanges.CurrentAsync(db, request.SupplierId, request.EnrolmentId, ct);
        var account = bank is null ? null : $"{bank.Titulaire} – IBAN se terminant par {IbanEnd(bank.Iban)} – BIC {bank.Bic}";
        var pdf = PaymentNoticeLetter.Render(LetterFacts.Of(request, address), payment, account, ParisDays.DayOf(now));
        var type = payment.Type == RequestType.Solde ? "solde" : "avance";
        return Store(db, request.Id, $"avis-de-paiement-{type}-{payment.NumeroAsp}.pdf", PaymentNoticeType, pdf, now, dryRun);
    }

    private static Task<string?> AddressAsync(SegurDbContext db, Guid supplierId, CancellationToken ct) =>
        db.Suppliers.AsNoTracking().Where(s => s.Id == supplierId).Select(s => (string?)s.Address).SingleOrDefaultAsync(ct);

    private static string IbanEnd(string iban)
    {
        var compact = string.Concat(iban.Where(c => !char.IsWhiteSpace(c)));
        return compact.Length > 4 ? compact[^4..] : compact;
    }

    private RequestDocument Store(SegurDbContext db, Guid requestId, string fileName, string type, byte[] pdf, DateTime now, bool dryRun)
    {
        var id = Guid.CreateVersion7(now);
        var storagePath = DocumentStorage.StoragePathFor(requestId, id, DocumentFormat.Pdf);
        if (!dryRun)
        {
            var path = storage.PathOf(storagePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var staged = path + ".part";
            File.WriteAllBytes(staged, pdf);
            File.Move(staged, path);
        }

        var document = new RequestDocument
        {
            Id = id,
            RequestId = requestId,
            FileName = fileName,
            ContentType = DocumentContent.ContentType(DocumentFormat.Pdf),
            Size = pdf.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf)),
            StoragePath = storagePath,
            TypeFichier = type,
            UploadedAt = now,
            UploadedBy = IssuedBy,
        };
        db.RequestDocuments.Add(document);
        return document;
    }
}
