namespace Segur.Workflows.Engine.Runtime;

/// <summary>
/// A subject that keeps a copy of its lifecycle's state, written in the fire's transaction, so that lists can
/// filter, sort and page on the status in SQL without joining the engine's tables.
/// </summary>
public interface IWorkflowSubject
{
    void OnStateEntered(string definitionId, string state, string label);
}
