using System.Net.Mail;
using System.Numerics;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Segur.Workflows.Accounts;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;
using Segur.Workflows.Suppliers;

namespace Segur.Workflows.Enrolments;

/// <summary>The company part of a first enrolment (a supplier with no account yet).</summary>
public sealed record CompanyForm(string Siret, string Denomination, string Adresse, string EmailContact);

/// <summary>The software and the people of an enrolment application, first or complementary.</summary>
public sealed record SoftwareForm(
    string NumeroAns, DateOnly DateReferencement, string TypeLogiciel, int Vague, IReadOnlyList<string> Profils,
    Person RepresentantLegal, Person Deposant, BankDetails Banque);

/// <summary>The application was refused before anything was stored; every reason is given, in French.</summary>
public sealed class EnrolmentRefusedException(IReadOnlyList<string> problems) : WorkflowException(string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Receives enrolment applications: the first one, from the public page, by a company with no account (its account is
/// created when staff validate it); complementary ones, by a signed-in supplier, for another software. Both start the
/// "enrolment" definition in the transaction that stores them.
/// </summary>
public sealed class EnrolmentApplications(
    WorkflowRuntime runtime, DatabaseWriter writer, OutboxSignal outbox, DocumentStorage storage,
    IOptions<DocumentOptions> documentOptions, TimeProvider clock)
{
    public const string Definition = "enrolment";

    /// <summary>Software types and the couloir they belong to (DUI: the couloir MS1/MS2 is given by the profile).</summary>
    public static readonly IReadOnlyDictionary<string, string> Couloirs = new Dictionary<string, string>
    {
        ["LGC"] = "MEDECIN_DE_VILLE", ["DPI"] = "HOPITAL", ["PFI"] = "HOPITAL", ["RI"] = "HOPITAL", ["LGO"] = "OFFICINE",
        ["SGL"] = "BIOLOGIE", ["RIS"] = "RADIOLOGIE", ["DUI"] = "MS1", ["LGC_SF"] = "SAGES_FEMMES", ["LGC_CD"] = "CHIRURGIENS_DENTISTES",
        ["LGC_PARAMEDICAUX"] = "PARAMEDICAUX",
    };

    public static readonly IReadOnlyList<string> Profiles = ["DMP", "DMP_PFI", "MSSPRO", "MSSPRO_PFI", "MSSCITOYEN", "MSSCITOYEN_PFI", "PSC", "CDS"];

    /// <summary>A first enrolment: creates the company (no account yet) and its first enrolment, "En cours".</summary>
    public Task<Guid> SubmitFirstAsync(CompanyForm company, SoftwareForm software, IReadOnlyDictionary<string, IncomingFile> documents, CancellationToken ct = default) =>
        SubmitAsync(company, null, software, documents, ct);

    /// <summary>A complementary enrolment for another software of a signed-in supplier's company.</summary>
    public Task<Guid> SubmitComplementaryAsync(Guid supplierId, SoftwareForm software, IReadOnlyDictionary<string, IncomingFile> documents, CancellationToken ct = default) =>
        SubmitAsync(null, supplierId, software, documents, ct);

    private async Task<Guid> SubmitAsync(
        CompanyForm? company, Guid? supplierId, SoftwareForm software, IReadOnlyDictionary<string, IncomingFile> documents, CancellationToken ct)
    {
        var problems = new List<string>();
        if (company is not null)
        {
            CheckCompany(company, problems);
        }

        CheckSoftware(software, problems);
        var files = await ReadDocumentsAsync(documents, Required(company is not null, software), problems, ct);

        var written = new List<string>();
        try
        {
            var id = await writer.WriteAsync(scope => SaveAsync(scope.Db, supplierId, company, software, files, problems, written, ct), ct);
            outbox.Notify();
            return id;
        }
        catch
        {
            // The files were written before the commit; the rows are not there (refused, or the commit failed).
            written.ForEach(File.Delete);
            throw;
        }
    }

    private async Task<Guid> SaveAsync(
        SegurDbContext db, Guid? supplierId, CompanyForm? company, SoftwareForm software, IReadOnlyList<(string Kind, StoredFile File)> files,
        List<string> problems, List<string> written, CancellationToken ct)
    {
        if (await db.Enrolments.AnyAsync(e => e.NumeroAns == software.NumeroAns, ct))
        {
            problems.Add($"Numéro ANS : le logiciel {software.NumeroAns} a déjà un enrôlement.");
        }

        if (company is not null && await db.Suppliers.AnyAsync(s => s.Siret == company.Siret, ct))
        {
            problems.Add($"SIRET : la société {company.Siret} a déjà un compte ; connectez-vous pour déposer un enrôlement complémentaire.");
        }

        if (problems.Count > 0)
        {
            throw new EnrolmentRefusedException(problems);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var supplier = supplierId is { } id
            ? await db.Suppliers.SingleAsync(s => s.Id == id, ct)
            : NewSupplier(company!, now, db);
        var enrolment = new Enrolment
        {
            Id = Guid.CreateVersion7(now), SupplierId = supplier.Id, NumeroAns = software.NumeroAns.Trim(),
            TypeEnrolement = company is null ? "complementaire" : "initial", TypeLogiciel = software.TypeLogiciel,
            Couloir = Couloirs[software.TypeLogiciel], Vague = software.Vague, ReferencingDate = software.DateReferencement,
            Profiles = string.Join(',', software.Profils), EmailDeposant = software.Deposant.Email, EmailRepresentantLegal = software.RepresentantLegal.Email,
            RepresentantLegal = software.RepresentantLegal, Deposant = software.Deposant, Banque = software.Banque with { Iban = NormalizeIban(software.Banque.Iban) },
            CreatedAt = now,
        };
        db.Enrolments.Add(enrolment);
        foreach (var (kind, file) in files)
        {
            var documentId = Guid.CreateVersion7(now);
            var relative = $"enrolments/{enrolment.Id:N}/{documentId:N}{DocumentContent.Extension(file.Format)}";
            var path = storage.PathOf(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, file.Bytes, ct);
            written.Add(path);
            db.EnrolmentDocuments.Add(new EnrolmentDocument
            {
                Id = documentId, EnrolmentId = enrolment.Id, Kind = kind, FileName = file.Name, ContentType = DocumentContent.ContentType(file.Format),
                Size = file.Bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Bytes)), StoragePath = relative, UploadedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
        var actor = new Actor("inscription-" + supplier.Siret, [Roles.Fournisseur], supplier.Id.ToString());
        await runtime.StartInTransactionAsync(db, Definition, enrolment.Id.ToString(), actor, isDryRun: false, ct);
        return enrolment.Id;
    }

    private static Supplier NewSupplier(CompanyForm company, DateTime now, SegurDbContext db)
    {
        var supplier = new Supplier
        {
            Id = Guid.CreateVersion7(now), Siret = company.Siret, Denomination = company.Denomination.Trim(), Address = company.Adresse.Trim(),
            ContactEmail = company.EmailContact.Trim(), CreatedAt = now,
        };
        db.Suppliers.Add(supplier);
        return supplier;
    }

    private static IReadOnlyList<string> Required(bool first, SoftwareForm software)
    {
        var required = new List<string> { EnrolmentDocumentKind.CertificatAns };
        if (first)
        {
            required.AddRange([EnrolmentDocumentKind.PieceIdentite, EnrolmentDocumentKind.Rib, EnrolmentDocumentKind.AttestationTva]);
            if (!string.Equals(software.Deposant.Email, software.RepresentantLegal.Email, StringComparison.OrdinalIgnoreCase))
            {
                required.Add(EnrolmentDocumentKind.Mandat);
            }
        }

        return required;
    }

    private async Task<List<(string Kind, StoredFile File)>> ReadDocumentsAsync(
        IReadOnlyDictionary<string, IncomingFile> documents, IReadOnlyList<string> required, List<string> problems, CancellationToken ct)
    {
        foreach (var missing in required.Where(k => !documents.ContainsKey(k)))
        {
            problems.Add($"Pièce manquante : {EnrolmentDocumentKind.Labels[missing]}.");
        }

        var files = new List<(string, StoredFile)>();
        foreach (var (kind, file) in documents)
        {
            if (!EnrolmentDocumentKind.Labels.ContainsKey(kind))
            {
                problems.Add($"Pièce inconnue : {kind}.");
                continue;
            }

            using var buffer = new MemoryStream();
            await file.Content.CopyToAsync(buffer, ct);
            var bytes = buffer.ToArray();
            var name = Path.GetFileName(file.FileName.Replace('\\', '/'));
            if (bytes.Length == 0)
            {
                problems.Add($"{EnrolmentDocumentKind.Labels[kind]} : « {name} » est vide.");
            }
            else if (bytes.Length > documentOptions.Value.MaxFileBytes)
            {
                problems.Add($"{EnrolmentDocumentKind.Labels[kind]} : « {name} » dépasse {documentOptions.Value.MaxFileBytes / DocumentOptions.Megabyte} Mo.");
            }
            else if (DocumentContent.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, DocumentContent.HeaderLength))) is not { } format)
            {
                problems.Add($"{EnrolmentDocumentKind.Labels[kind]} : {DocumentContent.NotAcceptedMessage(name)}");
            }
            else
            {
                files.Add((kind, new StoredFile(name, format, bytes)));
            }
        }

        return files;
    }

    private static void CheckCompany(CompanyForm company, List<string> problems)
    {
        if (SiretNumbers.Problem(company.Siret) is { } siretProblem)
        {
            problems.Add(siretProblem);
        }

        if (string.IsNullOrWhiteSpace(company.Denomination))
        {
            problems.Add("Dénomination sociale : obligatoire.");
        }

        if (string.IsNullOrWhiteSpace(company.Adresse))
        {
            problems.Add("Adresse : obligatoire.");
        }

        CheckEmail("E-mail de contact", company.EmailContact, problems);
    }

    private static void CheckSoftware(SoftwareForm software, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(software.NumeroAns))
        {
            problems.Add("Numéro ANS : obligatoire.");
        }

        if (!Couloirs.ContainsKey(software.TypeLogiciel))
        {
            problems.Add($"Type de logiciel : « {software.TypeLogiciel} » n'est pas un type référencé ({string.Join(", ", Couloirs.Keys)}).");
        }

        if (software.Vague is not (1 or 2))
        {
            problems.Add("Vague : 1 ou 2.");
        }

        if (software.Profils.Count == 0 || software.Profils.Any(p => !Profiles.Contains(p)))
        {
            problems.Add($"Profils référencés : au moins un parmi {string.Join(", ", Profiles)}.");
        }

        CheckPerson("Représentant légal", software.RepresentantLegal, problems);
        CheckPerson("Déposant", software.Deposant, problems);
        if (string.IsNullOrWhiteSpace(software.Banque.Titulaire))
        {
            problems.Add("Titulaire du compte : obligatoire.");
        }

        // The country's length, then the key; the BIC's shape (AccountChanges/BankIdentifiers, the bank-details change's checks).
        if (AccountChanges.BankIdentifiers.IbanProblem(software.Banque.Iban) is { } ibanProblem)
        {
            problems.Add(ibanProblem);
        }

        if (AccountChanges.BankIdentifiers.BicProblem(software.Banque.Bic) is { } bicProblem)
        {
            problems.Add(bicProblem);
        }
    }

    private static void CheckPerson(string role, Person person, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(person.Nom) || string.IsNullOrWhiteSpace(person.Prenom))
        {
            problems.Add($"{role} : nom et prénom obligatoires.");
        }

        CheckEmail($"{role} (e-mail)", person.Email, problems);
    }

    private static void CheckEmail(string field, string email, List<string> problems)
    {
        if (!MailAddress.TryCreate(email?.Trim(), out var address) || !address.Host.Contains('.'))
        {
            problems.Add($"{field} : adresse e-mail invalide.");
        }
    }

    private static string NormalizeIban(string iban) => string.Concat(iban.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    /// <summary>ISO 13616: move the first four characters to the end, letters to numbers, the whole modulo 97 must be 1.</summary>
    public static bool IsIban(string iban)
    {
        var value = NormalizeIban(iban);
        if (value.Length is < 15 or > 34 || !value.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        var digits = string.Concat((value[4..] + value[..4]).Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString()));
        return BigInteger.Parse(digits) % 97 == 1;
    }

    private sealed record StoredFile(string Name, DocumentFormat Format, byte[] Bytes);
}
