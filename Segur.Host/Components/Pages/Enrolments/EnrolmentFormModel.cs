using Microsoft.AspNetCore.Components.Forms;
using Segur.Workflows.Documents;
using Segur.Workflows.Enrolments;

namespace Segur.Host.Components.Pages.Enrolments;

/// <summary>A natural person as the form edits it.</summary>
public sealed class PersonModel
{
    public string Nom { get; set; } = "";

    public string Prenom { get; set; } = "";

    public string Email { get; set; } = "";

    public string Telephone { get; set; } = "";

    public static PersonModel From(Person? person) => person is null
        ? new()
        : new() { Nom = person.Nom, Prenom = person.Prenom, Email = person.Email, Telephone = person.Telephone };

    public Person ToPerson() => new(Nom.Trim(), Prenom.Trim(), Email.Trim(), Telephone.Trim());
}

/// <summary>
/// An enrolment application as the forms edit it, first (company included) or complementary. The checks are the service's
/// (<see cref="EnrolmentApplications"/>): this model only carries the values and the chosen files to it.
/// </summary>
public sealed class EnrolmentFormModel
{
    public string Siret { get; set; } = "";

    public string Denomination { get; set; } = "";

    public string Adresse { get; set; } = "";

    public string EmailContact { get; set; } = "";

    public string NumeroAns { get; set; } = "";

    public DateTime? DateReferencement { get; set; }

    public string? TypeLogiciel { get; set; }

    public int Vague { get; set; } = 1;

    public IReadOnlyCollection<string> Profils { get; set; } = [];

    public PersonModel RepresentantLegal { get; set; } = new();

    /// <summary>The legal representative deposits the application himself: no separate depositor, no mandate.</summary>
    public bool DeposantEstRepresentant { get; set; } = true;

    public PersonModel Deposant { get; set; } = new();

    public string Titulaire { get; set; } = "";

    public string Iban { get; set; } = "";

    public string Bic { get; set; } = "";

    /// <summary>The chosen file per document kind (<see cref="EnrolmentDocumentKind"/>).</summary>
    public Dictionary<string, IBrowserFile> Documents { get; } = [];

    public CompanyForm ToCompany() => new(Siret.Trim(), Denomination.Trim(), Adresse.Trim(), EmailContact.Trim());

    public SoftwareForm ToSoftware() => new(
        NumeroAns.Trim(),
        DateOnly.FromDateTime(DateReferencement ?? throw new InvalidOperationException("Date de référencement absente.")),
        TypeLogiciel ?? "",
        Vague,
        [.. Profils],
        RepresentantLegal.ToPerson(),
        DeposantEstRepresentant ? RepresentantLegal.ToPerson() : Deposant.ToPerson(),
        new BankDetails(Titulaire.Trim(), Iban.Trim(), Bic.Trim().ToUpperInvariant()));

    /// <summary>Opens the chosen files for the service (which reads and checks them by content); the caller disposes the streams.</summary>
    public Dictionary<string, IncomingFile> OpenDocuments(long maxBytes, ICollection<Stream> opened)
    {
        var files = new Dictionary<string, IncomingFile>();
        foreach (var (kind, file) in Documents)
        {
            var stream = file.OpenReadStream(maxBytes);
            opened.Add(stream);
            files[kind] = new IncomingFile(file.Name, stream);
        }

        return files;
    }
}
