namespace Segur.Workflows.Engine.Activities;

/// <summary>Every activity the engine can run, by name.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, IActivity> _byName;

    public ActivityRegistry(IEnumerable<IActivity> activities)
    {
        _byName = new Dictionary<string, IActivity>(StringComparer.Ordinal);
        foreach (var activity in activities)
        {
            if (!_byName.TryAdd(activity.Descriptor.Name, activity))
            {
                throw new InvalidOperationException($"Two activities are named '{activity.Descriptor.Name}'.");
            }
        }
    }

    public IReadOnlyCollection<IActivity> All => _byName.Values;

    public IActivity? Find(string name) => _byName.GetValueOrDefault(name);
}
