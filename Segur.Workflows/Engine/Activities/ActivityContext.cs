using System.Globalization;
using System.Text.Json;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Expressions;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Activities;

/// <summary>What an activity sees while it runs: its inputs, the subject, the fire's transaction, and a way to report.</summary>
public sealed class ActivityContext
{
    private readonly FireSession _session;
    private readonly CompiledActivity _activity;

    internal ActivityContext(FireSession session, CompiledActivity activity)
    {
        _session = session;
        _activity = activity;
    }

    /// <summary>The fire's context: changes made through it are saved in the fire's transaction, or not at all.</summary>
    public SegurDbContext Db => _session.Db;

    public IServiceProvider Services => _session.Services;

    public CompiledDefinition Definition => _session.Definition;

    public Guid InstanceId => _session.InstanceId;

    public string SubjectId => _session.SubjectId;

    public Subject Subject => _session.Subject;

    public Actor Actor => _session.Actor;

    public DateTime Now => _session.Now;

    /// <summary>True in a Studio dry run: the transaction will be rolled back; report what would happen.</summary>
    public bool IsDryRun => _session.IsDryRun;

    /// <summary>True in a Studio simulation: nothing reaches the database (no write, not even rolled back); read, compute and report.</summary>
    public bool IsSimulation => _session.IsSimulation;

    public ExpressionScope Scope => _session.Scope;

    public TEntity SubjectAs<TEntity>() where TEntity : class =>
        Subject.Entity as TEntity ?? throw new InvalidOperationException(
            $"L'activité « {_activity.Activity.Descriptor.Name} » s'applique à un sujet {typeof(TEntity).Name}, pas à « {Definition.Model.SubjectType} ».");

    public object? GetValue(string name) =>
        _activity.Inputs.TryGetValue(name, out var input) ? input.Evaluate(_session.Scope) : null;

    public string? GetText(string name) => GetValue(name) switch
    {
        null => null,
        string s => s,
        double d => d.ToString(CultureInfo.InvariantCulture),
        var other => Convert.ToString(other, CultureInfo.InvariantCulture),
    };

    public string GetRequiredText(string name) =>
        GetText(name) is { Length: > 0 } text ? text : throw Missing(name);

    public decimal? GetNumber(string name) => GetValue(name) switch
    {
        null => null,
        double d => (decimal)d,
        decimal m => m,
        string s when decimal.TryParse(s.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
        var other => throw new InvalidOperationException($"L'entrée « {name} » doit être un nombre, reçu « {other} »."),
    };

    public DateOnly? GetDate(string name) => GetText(name) switch
    {
        null or "" => null,
        var text when DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date,
        var text when DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var dateTime) => DateOnly.FromDateTime(dateTime),
        var text => throw new InvalidOperationException($"L'entrée « {name} » doit être une date (aaaa-mm-jj), reçu « {text} »."),
    };

    public IReadOnlyDictionary<string, object?> GetObject(string name) => GetValue(name) switch
    {
        null => new Dictionary<string, object?>(),
        IReadOnlyDictionary<string, object?> d => d,
        JsonElement { ValueKind: JsonValueKind.Object } e => (IReadOnlyDictionary<string, object?>)PlainData.From(e)!,
        var other => throw new InvalidOperationException($"L'entrée « {name} » doit être un objet, reçu « {other} »."),
    };

    /// <summary>Queues a message in the outbox: published after commit, never if the fire fails.</summary>
    public void Publish(object message) => _session.Enqueue(message);

    /// <summary>Says, in French, what the activity did (journal) or would do (dry run).</summary>
    public void Report(string text) => _session.Reports.Add($"{_activity.Activity.Descriptor.Name} : {text}");

    /// <summary>Starts another definition's instance in this fire's transaction (e.g. the payment of a decided request).</summary>
    public Task<Guid> StartWorkflowAsync(string definitionId, string subjectId, CancellationToken cancellationToken) =>
        _session.StartChildAsync(definitionId, subjectId, cancellationToken);

    private InvalidOperationException Missing(string name) =>
        new($"L'entrée « {name} » de l'activité « {_activity.Activity.Descriptor.Name} » est vide ({_activity.Path}).");
}
