using System.Globalization;
using System.Text.RegularExpressions;

namespace Segur.Host.Tests.TestSupport;

/// <summary>Answers the contact captcha's questions as a person would read them (the test does not ask the Host for the answer).</summary>
public static partial class CaptchaAnswers
{
    private static readonly string[] s_numbers =
    [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf", "vingt",
    ];

    private static readonly string[] s_ordinals = ["premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième"];

    public static string Solve(string question)
    {
        if (Arithmetic().Match(question) is { Success: true } sum)
        {
            var a = Array.IndexOf(s_numbers, sum.Groups[1].Value);
            var b = Array.IndexOf(s_numbers, sum.Groups[3].Value);
            Assert.True(a >= 0 && b >= 0, $"Nombres illisibles : {question}");
            return (sum.Groups[2].Value == "plus" ? a + b : a - b).ToString(CultureInfo.InvariantCulture);
        }

        var word = NthWord().Match(question);
        Assert.True(word.Success, $"Question inattendue : {question}");
        var position = Array.IndexOf(s_ordinals, word.Groups[1].Value);
        return word.Groups[2].Value.Split(' ')[position];
    }

    [GeneratedRegex(@"^Combien font (\S+) (plus|moins) (\S+) \?$")]
    private static partial Regex Arithmetic();

    [GeneratedRegex(@"^Quel est le (\S+) mot de la phrase « (.+) » \?$")]
    private static partial Regex NthWord();
}
