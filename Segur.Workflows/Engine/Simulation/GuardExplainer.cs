using System.Text.Json;
using System.Text.RegularExpressions;
using Segur.Workflows.Engine.Expressions;

namespace Segur.Workflows.Engine.Simulation;

/// <summary>
/// Says how a guard evaluates and why: its result, and the value of every <c>subject.</c>, <c>rules.</c>, <c>input.</c>,
/// <c>actor.</c> or <c>instance.</c> path it names, evaluated in the same scope (so an analyst sees
/// « subject.montantDecide = null » beside « faux »).
/// </summary>
public static partial class GuardExplainer
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static GuardExplanation Explain(Expression? guard, ExpressionScope scope)
    {
        if (guard is null)
        {
            return GuardExplanation.None;
        }

        var reads = PathsIn(guard.Source).Select(path => new ValueRead(path, ValueOf(path, scope))).ToList();
        try
        {
            return new GuardExplanation(guard.Source, scope.EvaluateBoolean(guard), reads, null);
        }
        catch (ExpressionFailedException ex)
        {
            return new GuardExplanation(guard.Source, false, reads, ex.Message);
        }
    }

    /// <summary>The data paths an expression names, outside its string literals, without a trailing method name.</summary>
    public static IReadOnlyList<string> PathsIn(string source)
    {
        var code = StringLiteral().Replace(source, m => new string(' ', m.Length));
        var paths = new List<string>();
        foreach (Match match in DataPath().Matches(code))
        {
            var path = match.Value;
            var next = match.Index + match.Length;
            while (next < code.Length && code[next] == ' ')
            {
                next++;
            }

            if (next < code.Length && code[next] == '(' && path.LastIndexOf('.') is var dot and > 0)
            {
                path = path[..dot];
            }

            if (path.Contains('.') && !paths.Contains(path))
            {
                paths.Add(path);
            }
        }

        return paths;
    }

    public static string Format(object? value) => value switch
    {
        null => "null",
        JsonElement e => e.GetRawText(),
        decimal m => m.ToString("0.############", System.Globalization.CultureInfo.InvariantCulture), // 432.00 reads 432, as in an expression
        _ => JsonSerializer.Serialize(value, s_json),
    };

    private static string ValueOf(string path, ExpressionScope scope)
    {
        try
        {
            return Format(scope.Evaluate(Expression.Parse(path)));
        }
        catch (Exception ex) when (ex is ExpressionFailedException or ExpressionSyntaxException)
        {
            return "illisible (" + ex.Message + ")";
        }
    }

    [GeneratedRegex("""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<![\w$.])(subject|rules|input|actor|instance)(\.[A-Za-z_$][\w$]*)+")]
    private static partial Regex DataPath();
}
