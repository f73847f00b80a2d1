using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace Segur.Workflows.Engine.Expressions;

/// <summary>
/// The read-only data an expression sees (subject, rules, actor, input, instance) and the sandboxed
/// interpreter that evaluates it. The interpreter is created on first use, so a fire whose
/// definition has no expressions pays nothing.
/// </summary>
public sealed class ExpressionScope(Func<IReadOnlyDictionary<string, object?>> globals)
{
    // The statement limit stops an endless loop deterministically; the wall-clock limit is only a backstop (e.g. a huge
    // regular expression): generous, because a busy machine or the interpreter's first (JIT-compiled) run can take
    // a few hundred milliseconds for a legitimate expression. 2 s was reached by an e-mail template on a starved machine
    // (two Hosts under a load of 70, RealProcessesTests): the fire became an incident and a 500. 10 s still ends a runaway
    // regular expression; the statement limit bounds everything else.
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private const int MaxStatements = 50_000;

    private static readonly Prepared<Acornima.Ast.Script> s_deepFreeze = Jint.Engine.PrepareScript("""
        (function freeze(o) {
          if (o === null || typeof o !== 'object' || Object.isFrozen(o)) return o;
          Object.freeze(o);
          for (const k of Object.keys(o)) freeze(o[k]);
          return o;
        })
        """);

    private Jint.Engine? _engine;
    private IReadOnlyDictionary<string, object?>? _globals;

    public ExpressionScope(IReadOnlyDictionary<string, object?> globals)
        : this(() => globals)
    {
    }

    /// <summary>The values expressions and templates see, read when first needed after each <see cref="Invalidate"/>.</summary>
    public IReadOnlyDictionary<string, object?> Globals => _globals ??= globals();

    /// <summary>Forgets the values read so far: the next evaluation sees the subject as activities left it.</summary>
    public void Invalidate()
    {
        _globals = null;
        _engine = null;
    }

    public object? Evaluate(Expression expression)
    {
        var engine = _engine ??= CreateEngine();
        try
        {
            engine.Advanced.ResetCallStack();
            return ToClr(engine.Evaluate(expression.Prepared));
        }
        catch (TimeoutException ex)
        {
            throw new ExpressionFailedException(expression.Source, $"délai de {Timeout.TotalMilliseconds} ms dépassé (boucle sans fin ?)", ex);
        }
        catch (StatementsCountOverflowException ex)
        {
            throw new ExpressionFailedException(expression.Source, "trop d'instructions exécutées (boucle sans fin ?)", ex);
        }
        catch (RecursionDepthOverflowException ex)
        {
            throw new ExpressionFailedException(expression.Source, "récursion trop profonde", ex);
        }
        catch (MemoryLimitExceededException ex)
        {
            throw new ExpressionFailedException(expression.Source, "mémoire maximale dépassée", ex);
        }
        catch (JavaScriptException ex)
        {
            throw new ExpressionFailedException(expression.Source, ex.Message, ex);
        }
    }

    public bool EvaluateBoolean(Expression expression) => Evaluate(expression) switch
    {
        bool b => b,
        null => false,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    private Jint.Engine CreateEngine()
    {
        var engine = new Jint.Engine(options => options
            .Strict()
            .TimeoutInterval(Timeout)
            .MaxStatements(MaxStatements)
            .LimitRecursion(64)
            .LimitMemory(16_000_000));
        var freeze = engine.Evaluate(s_deepFreeze);
        var parser = new JsonParser(engine);
        foreach (var (name, value) in Globals)
        {
            var js = parser.Parse(JsonSerializer.Serialize(value, ExpressionJson.Options));
            engine.SetValue(name, engine.Invoke(freeze, js));
        }

        return engine;
    }

    private object? ToClr(JsValue value) => value.Type switch
    {
        Types.Undefined or Types.Null => null,
        Types.Boolean => value.AsBoolean(),
        Types.Number => value.AsNumber(),
        Types.String => value.AsString(),
        _ => JsonSerializer.Deserialize<JsonElement>(
            new Jint.Native.Json.JsonSerializer(_engine!).Serialize(value).AsString()),
    };
}

internal static class ExpressionJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
