using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Expressions;

namespace Segur.Studio.Pages.Definitions.Designer;

/// <summary>What the property panel reads, checks and writes: roles, codes, guards, durations, activity inputs.</summary>
public static partial class DesignerText
{
    /// <summary>The roles of the definition schema.</summary>
    public static readonly IReadOnlyList<string> Roles = ["Fournisseur", "Gestionnaire", "Analyste", "Administrateur", "Systeme"];

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex CodePattern();

    public static string? CodeError(string? code) => string.IsNullOrWhiteSpace(code)
        ? "le code est obligatoire"
        : CodePattern().IsMatch(code) ? null : "un code s'écrit en mots accolés commençant par une majuscule, sans accent ni espace (ex. « EnExamen »)";

    /// <summary>The guard's syntax error in French, or null when it parses (an empty guard means "always").</summary>
    public static string? GuardError(string? guard)
    {
        if (string.IsNullOrWhiteSpace(guard))
        {
            return null;
        }

        try
        {
            Expression.Parse(guard);
            return null;
        }
        catch (ExpressionSyntaxException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>"dans 7 jours", "délai calculé par une expression" or the reason it is not a duration.</summary>
    public static (string Text, bool Error) Duration(string? text) =>
        string.IsNullOrWhiteSpace(text) ? ("durée obligatoire (ex. P7D)", true)
        : Expression.IsExpressionText(text) ? ("délai calculé par l'expression", false)
        : Durations.ToWords(text) is { } words ? (words, false)
        : ($"« {text} » n'est pas une durée ISO-8601 positive (ex. P7D = 7 jours, PT12H = 12 heures)", true);

    public static IReadOnlyList<string> List(JsonNode? node) =>
        node is JsonArray array ? array.Select(x => x is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList() : [];

    public static JsonArray? ToArray(IReadOnlyList<string> values) => values.Count == 0 ? null : new JsonArray(values.Select(v => (JsonNode?)v).ToArray());

    public static string KindLabel(InputKind kind) => kind switch
    {
        InputKind.Text => "texte",
        InputKind.Number => "nombre",
        InputKind.Date => "date",
        InputKind.Object => "objet (JSON)",
        InputKind.EmailTemplate => "gabarit d'e-mail",
        _ => kind.ToString(),
    };

    /// <summary>An input's value as the analyst reads and types it.</summary>
    public static string Display(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    /// <summary>The analyst's text as the input's JSON value: an expression stays a string, a number becomes one, an object is read as JSON.</summary>
    public static JsonNode? ToValue(InputKind kind, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Expression.IsExpressionText(text))
        {
            return JsonValue.Create(text);
        }

        if (kind == InputKind.Number && decimal.TryParse(text.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        if (kind == InputKind.Object)
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return JsonValue.Create(text);
            }
        }

        return JsonValue.Create(text);
    }
}
