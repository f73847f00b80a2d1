using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Runtime;

/// <summary>The domain object an instance is about, and the facts about it that expressions and templates read.</summary>
public sealed class Subject(object? entity, Func<IReadOnlyDictionary<string, object?>> facts)
{
    public static readonly Subject None = new(null, () => new Dictionary<string, object?>());

    public object? Entity { get; } = entity;

    /// <summary>Read anew on each call: activities may have changed the entity.</summary>
    public IReadOnlyDictionary<string, object?> Facts => facts();
}

/// <summary>Loads the subjects of one subject type, from the fire's own context (so activities change tracked entities).</summary>
public interface ISubjectSource
{
    string SubjectType { get; }

    Task<Subject?> LoadAsync(SegurDbContext db, string subjectId, CancellationToken cancellationToken);
}

public sealed class SubjectSources(IEnumerable<ISubjectSource> sources)
{
    private readonly Dictionary<string, ISubjectSource> _byType = sources.ToDictionary(s => s.SubjectType, StringComparer.Ordinal);

    /// <summary>As <see cref="LoadAsync(SegurDbContext, string, string, CancellationToken)"/>; the write's context is made only when a source reads it.</summary>
    public Task<Subject> LoadAsync(WriteScope scope, string subjectType, string subjectId, CancellationToken cancellationToken) =>
        _byType.ContainsKey(subjectType) ? LoadAsync(scope.Db, subjectType, subjectId, cancellationToken) : Task.FromResult(Subject.None);

    /// <summary>A subject type with no source (a technical workflow) has no facts.</summary>
    public async Task<Subject> LoadAsync(SegurDbContext db, string subjectType, string subjectId, CancellationToken cancellationToken)
    {
        if (!_byType.TryGetValue(subjectType, out var source))
        {
            return Subject.None;
        }

        return await source.LoadAsync(db, subjectId, cancellationToken)
            ?? throw new WorkflowException($"Le sujet {subjectType} « {subjectId} » est introuvable.");
    }

    /// <summary>The subject for an entity the caller already holds (tracked by its context); null when its source cannot wrap one.</summary>
    public Subject? Wrap(string subjectType, object entity) =>
        _byType.TryGetValue(subjectType, out var source) && source is IEntitySubjectSource wrapping ? wrapping.Wrap(entity) : null;
}

/// <summary>A subject source that can make the subject of an entity already in hand, without reading it.</summary>
public interface IEntitySubjectSource
{
    Subject? Wrap(object entity);
}

/// <summary>A subject source for an entity keyed by a Guid, whose facts come from a method of the entity.</summary>
public sealed class EntitySubjectSource<TEntity>(string subjectType, Func<TEntity, IReadOnlyDictionary<string, object?>> facts) : ISubjectSource, IEntitySubjectSource
    where TEntity : class
{
    public string SubjectType { get; } = subjectType;

    public Subject? Wrap(object entity) => entity is TEntity typed ? new Subject(typed, () => facts(typed)) : null;

    public async Task<Subject?> LoadAsync(SegurDbContext db, string subjectId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subjectId, out var id))
        {
            return null;
        }

        var entity = await db.Set<TEntity>().FindAsync([id], cancellationToken);
        return entity is null ? null : new Subject(entity, () => facts(entity));
    }
}
