using Segur.Workflows.Financing;

namespace Segur.Host.Components.Pages.Requests;

/// <summary>A row of the incomplete requests table: the request (with its expected files), and whether its lifecycle lets the supplier delete it.</summary>
public sealed record IncompleteRow(IncompleteRequest Request, bool CanDelete);

public sealed record IncompletePage(IReadOnlyList<IncompleteRow> Rows, int Total, int Number);
