namespace Segur.Workflows.Financing;

/// <summary>
/// The vocabulary of the "financing-request" definition that code names: its id, subject type, state codes and trigger
/// names, written once. What the pages show (labels, which states take documents, who sees a state, delays) is read from
/// the definition itself (<see cref="FinancingRules"/>).
/// </summary>
public static class FinancingStates
{
    public const string DefinitionId = "financing-request";
    public const string SubjectType = "FinancingRequest";

    public const string NonCompletee = "NonCompletee";
    public const string Supprimee = "Supprimee";
    public const string EnCours = "EnCours";
    public const string EnAttentePiece = "EnAttentePiece";
    public const string AModifier = "AModifier";
    public const string Validee = "Validee";
    public const string Decidee = "Decidee";
    public const string Rejetee = "Rejetee";
    public const string Annulee = "Annulee";
}

/// <summary>Trigger names of the "financing-request" definition that code fires or looks for.</summary>
public static class FinancingTriggers
{
    public const string CompleterPieces = "CompleterPieces";
    public const string Supprimer = "Supprimer";
    public const string Expirer = "Expirer";
    public const string DemanderPiece = "DemanderPiece";
    public const string AjouterPiece = "AjouterPiece";
    public const string DemanderCorrection = "DemanderCorrection";
    public const string Modifier = "Modifier";
    public const string Annuler = "Annuler";

    /// <summary>The field of <see cref="DemanderPiece"/> naming the document asked for.</summary>
    public const string PieceField = "piece";

    /// <summary>The field of <see cref="DemanderCorrection"/> listing the corrections asked for.</summary>
    public const string CorrectionsField = "corrections";
}
