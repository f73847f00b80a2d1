using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Segur.Host.Help;

/// <summary>A question in plain French, how to answer it, and its expected answer (digits for a sum, the word itself for a word).</summary>
public sealed record CaptchaQuestion(string Text, string Hint, string Answer);

/// <summary>
/// The questions of the contact captcha: small sums written in words ("Combien font sept plus quatre ?") and "which word of
/// this sentence" questions. Answers are compared after <see cref="Normalize"/>: case, accents, surrounding spaces and
/// punctuation do not matter, and a number may be typed in digits or in words.
/// </summary>
public static class CaptchaQuestions
{
    private static readonly string[] s_numbers =
    [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf", "vingt",
    ];

    private static readonly string[] s_ordinals = ["premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième"];

    // Words of letters only (no apostrophe, no hyphen), so that "the n-th word" is never ambiguous.
    private static readonly string[] s_sentences =
    [
        "Le portail Ségur finance les logiciels de santé",
        "Les éditeurs déposent leurs demandes en ligne",
        "Chaque demande reçoit un numéro de dossier",
        "Le solde suit toujours une avance décidée",
        "Les pièces justificatives accompagnent chaque demande",
        "La pharmacie reçoit une prestation sans frais",
    ];

    private static readonly Dictionary<string, int> s_numberWords = BuildNumberWords();

    public static CaptchaQuestion Next() => RandomNumberGenerator.GetInt32(3) switch
    {
        0 => Sum(RandomNumberGenerator.GetInt32(1, 11), RandomNumberGenerator.GetInt32(1, 11)),
        1 => Difference(RandomNumberGenerator.GetInt32(11, 21), RandomNumberGenerator.GetInt32(1, 11)),
        _ => WordOf(RandomNumberGenerator.GetInt32(s_sentences.Length), RandomNumberGenerator.GetInt32(s_ordinals.Length)),
    };

    private const string NumberHint = "Répondez en chiffres ou en toutes lettres.";
    private const string WordHint = "Recopiez le mot ; majuscules et accents ne comptent pas.";

    public static CaptchaQuestion Sum(int a, int b) =>
        new($"Combien font {s_numbers[a]} plus {s_numbers[b]} ?", NumberHint, (a + b).ToString(CultureInfo.InvariantCulture));

    public static CaptchaQuestion Difference(int a, int b) =>
        new($"Combien font {s_numbers[a]} moins {s_numbers[b]} ?", NumberHint, (a - b).ToString(CultureInfo.InvariantCulture));

    public static CaptchaQuestion WordOf(int sentence, int position)
    {
        var text = s_sentences[sentence];
        var words = text.Split(' ');
        return new($"Quel est le {s_ordinals[position]} mot de la phrase « {text} » ?", WordHint, words[position]);
    }

    /// <summary>The form in which answers are compared: "  Dix-Sept. " and "17" both give "17", "Décidée" gives "decidee".</summary>
    public static string Normalize(string answer)
    {
        var decomposed = answer.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var letters = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            letters.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        var words = letters.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var joined = string.Join('-', words);
        if (s_numberWords.TryGetValue(joined, out var number))
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        return int.TryParse(joined, NumberStyles.None, CultureInfo.InvariantCulture, out var digits)
            ? digits.ToString(CultureInfo.InvariantCulture)
            : joined;
    }

    private static Dictionary<string, int> BuildNumberWords()
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal) { ["une"] = 1 };
        for (var i = 0; i < s_numbers.Length; i++)
        {
            words[s_numbers[i].Replace("é", "e", StringComparison.Ordinal)] = i;
        }

        return words;
    }
}
