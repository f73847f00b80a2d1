namespace Segur.Workflows.Instruction;

public enum TaskAssignment
{
    All,
    Mine,
    Unassigned,
}

public enum TaskSort
{
    DueAt,
    CreatedAt,
    Label,
    Supplier,
    Numero,
}

/// <summary>Filters of the task inbox; every filter is optional. Only open tasks of the actor's roles are ever listed.</summary>
public sealed record TaskFilter
{
    /// <summary>The kind of task: its code in the definition (e.g. "InstructionDemande").</summary>
    public string? Code { get; init; }

    /// <summary>"FinancingRequest", "Payment", "Enrolment"...</summary>
    public string? SubjectType { get; init; }

    public Guid? SupplierId { get; init; }

    /// <summary>Software type (LGC, DPI...) of the request or enrolment.</summary>
    public string? TypeLogiciel { get; init; }

    /// <summary>The subject's state code (e.g. "EnCours").</summary>
    public string? State { get; init; }

    /// <summary>Due on or before this day (Paris time).</summary>
    public DateOnly? DueBy { get; init; }

    public bool OverdueOnly { get; init; }

    public TaskAssignment Assignment { get; init; }

    public TaskSort Sort { get; init; } = TaskSort.DueAt;

    public bool Descending { get; init; }
}

/// <summary>One line of the inbox: the task, what it is about, who holds it.</summary>
public sealed record TaskRow(
    Guid Id, Guid InstanceId, string Code, string Label, string SubjectType, string SubjectTypeLabel, string SubjectId,
    string? Numero, string? NumeroAsp, Guid? SupplierId, string? Denomination, string? TypeLogiciel, string? Couloir,
    string State, string StateLabel, DateTime CreatedAt, DateTime? DueAt, bool Overdue, string? ClaimedBy, string? ClaimedByName);

/// <summary>A queue of the inbox (one kind of task on one subject type) and its counts.</summary>
public sealed record TaskQueue(string SubjectType, string SubjectTypeLabel, string Code, string Label, int Open, int Unassigned, int Mine, int Overdue);

public sealed record TaskFilterOptions(
    IReadOnlyList<TaskQueue> Queues, IReadOnlyList<(Guid Id, string Denomination)> Suppliers, IReadOnlyList<string> TypesLogiciel,
    IReadOnlyList<(string Code, string Label)> States);
