using System.Globalization;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Runtime;

namespace Segur.Workflows.Instruction;

/// <summary>A value typed for an action's field cannot be read (a number, a date...): what is wrong and in which field.</summary>
public sealed class ActionInputException(IReadOnlyList<string> errors) : WorkflowException(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>
/// Reads what the actor typed into a transition's declared fields, by their type: text and multiline as trimmed text, number
/// (or decimal) as a decimal ("1 250,50" or "1250.50"), date as "yyyy-MM-dd" ("2026-12-01" or "01/12/2026"). Required fields
/// left empty are reported by the engine itself (<see cref="MissingInputException"/>).
/// </summary>
public static class ActionInput
{
    private static readonly string[] s_dateFormats = ["yyyy-MM-dd", "dd/MM/yyyy"];

    public static IReadOnlyDictionary<string, object?> Read(string actionLabel, IReadOnlyList<FormField> fields, IReadOnlyDictionary<string, string?> values)
    {
        var errors = new List<string>();
        foreach (var unknown in values.Keys.Where(k => fields.All(f => f.Name != k)))
        {
            errors.Add(fields.Count == 0
                ? $"L'action « {actionLabel} » n'a aucun champ à renseigner : « {unknown} » n'est pas attendu."
                : $"Le champ « {unknown} » n'existe pas pour l'action « {actionLabel} » (champs : {string.Join(", ", fields.Select(f => f.Name))}).");
        }

        var input = new Dictionary<string, object?>();
        foreach (var field in fields)
        {
            var text = values.GetValueOrDefault(field.Name)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            switch (field.Type)
            {
                case "number" or "decimal":
                    if (TryReadNumber(text, out var number))
                    {
                        input[field.Name] = number;
                    }
                    else
                    {
                        errors.Add($"« {field.Label} » doit être un nombre (par exemple 1250,50) : « {text} » ne l'est pas.");
                    }

                    break;
                case "date":
                    if (DateOnly.TryParseExact(text, s_dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        input[field.Name] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    }
                    else
                    {
                        errors.Add($"« {field.Label} » doit être une date (jj/mm/aaaa ou aaaa-mm-jj) : « {text} » ne l'est pas.");
                    }

                    break;
                default:
                    input[field.Name] = text;
                    break;
            }
        }

        return errors.Count > 0 ? throw new ActionInputException(errors) : input;
    }

    public static bool TryReadNumber(string text, out decimal number)
    {
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c) && c != '\u202f' && c != '€')).Replace(',', '.');
        return decimal.TryParse(compact, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);
    }
}
