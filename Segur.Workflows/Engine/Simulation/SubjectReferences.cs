using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Simulation;

/// <summary>How users name the subjects of one type (a financing request by its numéro ASP), for the Studio.</summary>
public interface ISubjectReference
{
    string SubjectType { get; }

    /// <summary>The subject id named by <paramref name="reference"/> (a number users know), or null.</summary>
    Task<string?> FindAsync(SegurDbContext db, string reference, CancellationToken ct);

    /// <summary>The number users know of each subject, in one query.</summary>
    Task<IReadOnlyDictionary<string, string>> NamesAsync(SegurDbContext db, IReadOnlyCollection<string> subjectIds, CancellationToken ct);
}

public sealed class SubjectReferences(IEnumerable<ISubjectReference> references)
{
    private readonly Dictionary<string, ISubjectReference> _byType = references.ToDictionary(r => r.SubjectType, StringComparer.Ordinal);

    /// <summary>The subject id for a number or an id typed by an analyst; null when nothing matches.</summary>
    public async Task<string?> FindAsync(SegurDbContext db, string subjectType, string reference, CancellationToken ct)
    {
        reference = reference.Trim();
        if (_byType.TryGetValue(subjectType, out var source) && await source.FindAsync(db, reference, ct) is { } id)
        {
            return id;
        }

        return Guid.TryParse(reference, out var guid) ? guid.ToString() : null;
    }

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(
        SegurDbContext db, string subjectType, IReadOnlyCollection<string> subjectIds, CancellationToken ct) =>
        _byType.TryGetValue(subjectType, out var source) && subjectIds.Count > 0
            ? await source.NamesAsync(db, subjectIds, ct)
            : new Dictionary<string, string>();
}
