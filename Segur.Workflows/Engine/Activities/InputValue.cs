using System.Text.Json;
using Segur.Workflows.Engine.Expressions;

namespace Segur.Workflows.Engine.Activities;

/// <summary>An activity input compiled once: a literal, an expression, or an object whose members are inputs.</summary>
public abstract record InputValue
{
    public abstract object? Evaluate(ExpressionScope scope);

    /// <summary>Compiles a definition value; throws <see cref="ExpressionSyntaxException"/> on a bad expression.</summary>
    public static InputValue Compile(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when Expression.IsExpressionText(value.GetString()) =>
            new ExpressionInput(Expression.Parse(value.GetString()![1..])),
        JsonValueKind.Object => new ObjectInput(value.EnumerateObject().ToDictionary(p => p.Name, p => Compile(p.Value))),
        _ => new LiteralInput(ToClr(value)),
    };

    internal static object? ToClr(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.Clone(),
    };
}

public sealed record LiteralInput(object? Value) : InputValue
{
    public override object? Evaluate(ExpressionScope scope) => Value;
}

public sealed record ExpressionInput(Expression Expression) : InputValue
{
    public override object? Evaluate(ExpressionScope scope) => scope.Evaluate(Expression);
}

public sealed record ObjectInput(IReadOnlyDictionary<string, InputValue> Members) : InputValue
{
    public override object? Evaluate(ExpressionScope scope) =>
        Members.ToDictionary(m => m.Key, m => m.Value.Evaluate(scope));
}
