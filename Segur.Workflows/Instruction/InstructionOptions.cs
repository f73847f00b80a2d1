namespace Segur.Workflows.Instruction;

/// <summary>Settings of the staff's search (section <c>Segur:Instruction</c>).</summary>
public sealed class InstructionOptions
{
    public const string Section = "Segur:Instruction";

    /// <summary>
    /// How many matching requests the search counts at most (docs/decisions/0181): a search that finds more shows
    /// « Plus de 10 000 demandes » and pages on without a last page, so a broad search over every supplier never walks a
    /// million index entries to tell an exact figure nobody reads.
    /// </summary>
    public int CountCap { get; set; } = 10_000;
}
