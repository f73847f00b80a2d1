using System.Net.Mail;
using Segur.Host.Components.Shared;
using Segur.Workflows.AccountChanges;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Suppliers;

namespace Segur.Host.Components.Pages.Enrolments;

/// <summary>
/// Everything the enrolment forms can tell before sending, at once and each tied to its field: what is missing, e-mails,
/// SIRET key, IBAN (country length and key), BIC shape, missing files. The service checks again (and what only it can
/// know: a software already enrolled, a company that has an account, a file's content).
/// </summary>
public static class EnrolmentFormChecks
{
    public static IReadOnlyList<FormProblem> Check(EnrolmentFormModel model, bool first)
    {
        var problems = new List<FormProblem>();
        void Add(string field, string? message)
        {
            if (message is not null)
            {
                problems.Add(new FormProblem(field, message));
            }
        }

        if (first)
        {
            Add("siret", SiretNumbers.Problem(model.Siret));
            Add("denomination", Blank(model.Denomination) ? "Dénomination sociale : obligatoire." : null);
            Add("adresse", Blank(model.Adresse) ? "Adresse du siège : obligatoire." : null);
            Add("email-contact", Email("E-mail de contact de la société", model.EmailContact));
        }

        Add("numero-ans", Blank(model.NumeroAns) ? "Numéro ANS : obligatoire." : null);
        Add("date-referencement", model.DateReferencement is null ? "Date de prise d'effet du référencement : obligatoire (jj/mm/aaaa)." : null);
        Add("type-logiciel", model.TypeLogiciel is null ? "Type de logiciel : obligatoire." : null);
        Add("profils", model.Profils.Count == 0 ? "Profils référencés : choisissez au moins un profil." : null);
        Person("representant", "Représentant légal", model.RepresentantLegal, Add);
        if (!model.DeposantEstRepresentant)
        {
            Person("deposant", "Déposant", model.Deposant, Add);
        }

        Add("titulaire", Blank(model.Titulaire) ? "Titulaire du compte : obligatoire." : null);
        Add("iban", BankIdentifiers.IbanProblem(model.Iban));
        Add("bic", BankIdentifiers.BicProblem(model.Bic));

        foreach (var kind in RequiredDocuments(model, first).Where(k => !model.Documents.ContainsKey(k)))
        {
            Add(DocumentFieldId(kind), $"Pièce manquante : {EnrolmentDocumentKind.Labels[kind]}.");
        }

        return problems;
    }

    /// <summary>The service's reasons, each tied to its field when its first words name one ("IBAN : ...", "RIB : « x.pdf » ...").</summary>
    public static IReadOnlyList<FormProblem> Place(IEnumerable<string> messages) =>
        [.. messages.Select(m => new FormProblem(FieldOf(m), m))];

    private static string? FieldOf(string message)
    {
        (string Prefix, string Field)[] fields =
        [
            ("SIRET", "siret"), ("Dénomination sociale", "denomination"), ("Adresse", "adresse"), ("E-mail de contact", "email-contact"),
            ("Numéro ANS", "numero-ans"), ("Type de logiciel", "type-logiciel"), ("Profils référencés", "profils"),
            ("Titulaire du compte", "titulaire"), ("IBAN", "iban"), ("BIC", "bic"),
        ];
        foreach (var (prefix, field) in fields)
        {
            if (message.StartsWith(prefix + " :", StringComparison.Ordinal))
            {
                return field;
            }
        }

        foreach (var (kind, label) in EnrolmentDocumentKind.Labels)
        {
            if (message.StartsWith(label + " :", StringComparison.Ordinal) || message == $"Pièce manquante : {label}.")
            {
                return DocumentFieldId(kind);
            }
        }

        return null;
    }

    /// <summary>The documents a form asks for (the pickers marked "obligatoire").</summary>
    public static IEnumerable<string> RequiredDocuments(EnrolmentFormModel model, bool first)
    {
        yield return EnrolmentDocumentKind.CertificatAns;
        if (first)
        {
            yield return EnrolmentDocumentKind.PieceIdentite;
            if (!model.DeposantEstRepresentant)
            {
                yield return EnrolmentDocumentKind.Mandat;
            }

            yield return EnrolmentDocumentKind.Rib;
            yield return EnrolmentDocumentKind.AttestationTva;
        }
    }

    /// <summary>The id of a document picker's button, where the summary's link leads ("piece-..." is its label's).</summary>
    public static string DocumentFieldId(string kind) => "fichier-" + kind.ToLowerInvariant().Replace('_', '-');

    private static void Person(string id, string role, PersonModel person, Action<string, string?> add)
    {
        add($"{id}-prenom", Blank(person.Prenom) ? $"{role} : le prénom est obligatoire." : null);
        add($"{id}-nom", Blank(person.Nom) ? $"{role} : le nom est obligatoire." : null);
        add($"{id}-email", Email($"{role} (e-mail)", person.Email));
    }

    private static string? Email(string field, string? email)
    {
        if (Blank(email))
        {
            return $"{field} : obligatoire.";
        }

        return MailAddress.TryCreate(email!.Trim(), out var address) && address.Host.Contains('.') && address.Address == email.Trim()
            ? null
            : $"{field} : « {email.Trim()} » n'est pas une adresse e-mail valide (par exemple prenom.nom@societe.fr).";
    }

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);
}
