using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Time.Testing;
using Segur.Host.Help;

namespace Segur.Host.Tests.Help;

/// <summary>What a contact message must satisfy, and how many one client may send.</summary>
public sealed class ContactRulesTests
{
    private static ContactMessage Valid() => new("Jeanne Durand", "jeanne.durand@editeur.example", null, null, "Import JSON", null,
        "Mon import du 2 mars est refusé sans explication.");

    [Fact]
    public void AComplete_Message_HasNoProblem() => Assert.Empty(ContactRules.Problems(Valid()));

    [Theory]
    [InlineData("jeanne.durand@editeur.example, victime@ailleurs.example")]
    [InlineData("jeanne.durand@editeur.example;victime@ailleurs.example")]
    [InlineData("Jeanne <jeanne.durand@editeur.example>")]
    [InlineData("jeanne.durand")]
    [InlineData("jeanne@editeur")]
    public void AnAddressThatIsNotOnePlainAddress_IsRefused(string email) =>
        Assert.Equal(["Adresse e-mail : saisissez une adresse valide, par exemple prenom.nom@societe.fr."], ContactRules.Problems(Valid() with { Email = email }));

    [Fact]
    public void TheOptionalFields_AreCheckedWhenFilled_AndTheMessageLengthIsBounded()
    {
        var problems = ContactRules.Problems(Valid() with
        {
            Siret = "1234 5678 90123", Theme = "Réclamation", Message = "Trop court", Nom = " ",
        });

        Assert.Equal(
            ["Nom : obligatoire.", "SIRET : 14 chiffres, sans espace.", "Thème : choisissez le thème de votre message.",
             "Message : 20 caractères au moins (vous en avez saisi 10)."],
            problems);
        Assert.Empty(ContactRules.Problems(Valid() with { Siret = "55210055400013", Uid = "FRN100101", NumeroDemande = "ASP-2026-000012-M0" }));
        Assert.Equal(["Message : 5000 caractères au plus (vous en avez saisi 5001)."], ContactRules.Problems(Valid() with { Message = new string('a', 5001) }));
    }

    [Fact]
    public void AClient_MaySendFiveMessagesInTenMinutes_ThenWaits()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var limit = new ContactRateLimit(cache, clock);

        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(limit.TryTake("adresse:10.0.0.1")));
        Assert.False(limit.TryTake("adresse:10.0.0.1"));
        Assert.True(limit.TryTake("adresse:10.0.0.2"));

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.False(limit.TryTake("adresse:10.0.0.1"));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(limit.TryTake("adresse:10.0.0.1"));
    }
}
