using Segur.Host.Components.Pages.Enrolments;
using Segur.Workflows.Enrolments;

namespace Segur.Host.Tests.Pages.Enrolments;

/// <summary>What the enrolment forms tell before sending: every problem at once, each tied to its field.</summary>
public sealed class EnrolmentFormChecksTests
{
    [Fact]
    public void AnEmptyFirstEnrolment_IsToldEveryMissingFieldAndFileAtOnce_ButNotTheDepositorsEmail_WhenTheRepresentativeDeposits()
    {
        var problems = EnrolmentFormChecks.Check(new EnrolmentFormModel(), first: true);

        var fields = problems.Select(p => p.FieldId).ToList();
        Assert.Equal(
            ["siret", "denomination", "adresse", "email-contact", "numero-ans", "date-referencement", "type-logiciel", "profils",
             "representant-prenom", "representant-nom", "representant-email", "titulaire", "iban", "bic",
             "fichier-certificat-ans", "fichier-piece-identite-representant", "fichier-rib", "fichier-attestation-tva"],
            fields);
        Assert.DoesNotContain(fields, f => f!.StartsWith("deposant", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSiretKey_TheIbansCountryLengthAndKey_TheBicsShape_AndTheEmails_AreCheckedTogether()
    {
        var model = Valid();
        model.Siret = "55210055400014";
        model.Iban = "FR76 3000 6000 0112 3456 7890 1";
        model.Bic = "AGR1FRPP";
        model.EmailContact = "contact@societe";
        model.DeposantEstRepresentant = false;
        model.Deposant = new PersonModel { Prenom = "Paul", Nom = "Martin", Email = "paul.martin" };

        var problems = EnrolmentFormChecks.Check(model, first: true).ToDictionary(p => p.FieldId!, p => p.Message);

        Assert.Equal("SIRET : la clé de contrôle ne correspond pas (vérifiez chaque chiffre sur l'avis de situation INSEE).", problems["siret"]);
        Assert.Equal("IBAN : un IBAN FR compte 27 caractères, celui-ci en compte 25.", problems["iban"]);
        Assert.StartsWith("BIC : 8 ou 11 caractères sont attendus, 6 lettres", problems["bic"]);
        Assert.Contains("« contact@societe » n'est pas une adresse e-mail valide", problems["email-contact"]);
        Assert.Contains("« paul.martin » n'est pas une adresse e-mail valide", problems["deposant-email"]);
        Assert.Equal("Pièce manquante : Mandat (si le déposant n'est pas le représentant légal).", problems["fichier-mandat"]);
    }

    [Fact]
    public void AnIbanOfTheRightLength_WithAWrongKey_IsToldItsKeyIsWrong()
    {
        var model = Valid();
        model.Iban = "FR7630006000011234567890188";

        var problem = Assert.Single(EnrolmentFormChecks.Check(model, first: true));

        Assert.Equal(("iban", "IBAN : la clé de contrôle ne correspond pas (vérifiez chaque caractère)."), (problem.FieldId, problem.Message));
    }

    [Fact]
    public void TheServicesReasons_AreTiedToTheirFields_WhenTheyNameOne()
    {
        var placed = EnrolmentFormChecks.Place(["Numéro ANS : le logiciel ANS-1 a déjà un enrôlement.", "RIB : « rib.pdf » n'est pas un PDF.", "Autre chose."]);

        Assert.Equal(["numero-ans", "fichier-rib", null], placed.Select(p => p.FieldId));
    }

    private static EnrolmentFormModel Valid()
    {
        var model = new EnrolmentFormModel
        {
            Siret = "55210055400013", Denomination = "Éditeur", Adresse = "1 rue de la Paix, Paris", EmailContact = "contact@editeur.example",
            NumeroAns = "ANS-2026-LGC-0900", DateReferencement = new DateTime(2026, 6, 1), TypeLogiciel = "LGC", Profils = ["DMP"],
            RepresentantLegal = new PersonModel { Prenom = "Jeanne", Nom = "Durand", Email = "jeanne.durand@editeur.example" },
            Titulaire = "Éditeur", Iban = "FR76 3000 6000 0112 3456 7890 189", Bic = "AGRIFRPP",
        };
        foreach (var kind in new[] { EnrolmentDocumentKind.CertificatAns, EnrolmentDocumentKind.PieceIdentite, EnrolmentDocumentKind.Rib, EnrolmentDocumentKind.AttestationTva })
        {
            model.Documents[kind] = new FakeFile(kind + ".pdf");
        }

        return model;
    }

    private sealed class FakeFile(string name) : Microsoft.AspNetCore.Components.Forms.IBrowserFile
    {
        public string Name => name;

        public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;

        public long Size => 10;

        public string ContentType => "application/pdf";

        public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) => new MemoryStream(new byte[10]);
    }
}
