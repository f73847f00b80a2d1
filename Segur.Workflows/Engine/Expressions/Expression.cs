using Acornima;
using Acornima.Ast;
using Jint;

namespace Segur.Workflows.Engine.Expressions;

/// <summary>A JavaScript expression parsed once; evaluated many times through an <see cref="ExpressionScope"/>.</summary>
public sealed class Expression
{
    private Expression(string source, Prepared<Script> prepared)
    {
        Source = source;
        Prepared = prepared;
    }

    public string Source { get; }

    internal Prepared<Script> Prepared { get; }

    /// <summary>Parses <paramref name="source"/>; throws <see cref="ExpressionSyntaxException"/> with a French message.</summary>
    public static Expression Parse(string source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new ExpressionSyntaxException(source, "l'expression est vide");
        }

        try
        {
            // Parenthesised so that an object literal such as {a: 1} reads as a value, not as a block.
            return new Expression(source, Jint.Engine.PrepareScript("(" + source + "\n)", strict: true));
        }
        catch (ScriptPreparationException ex) when (ex.InnerException is ParseErrorException parse)
        {
            throw new ExpressionSyntaxException(source, parse.Description);
        }
        catch (ParseErrorException ex)
        {
            throw new ExpressionSyntaxException(source, ex.Description);
        }
    }

    /// <summary>True when a definition value is an expression: a string starting with "=".</summary>
    public static bool IsExpressionText(string? value) => value is { Length: > 1 } && value[0] == '=';

    public override string ToString() => Source;
}

public sealed class ExpressionSyntaxException(string source, string reason)
    : Exception($"Expression invalide « {source} » : {reason}.")
{
    public string Expression { get; } = source;
}

public sealed class ExpressionFailedException(string source, string reason, Exception? inner = null)
    : Exception($"L'expression « {source} » a échoué : {reason}.", inner);
