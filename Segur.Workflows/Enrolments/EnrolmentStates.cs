namespace Segur.Workflows.Enrolments;

/// <summary>The vocabulary of the "enrolment" definition that code names, written once.</summary>
public static class EnrolmentStates
{
    public const string DefinitionId = "enrolment";
    public const string SubjectType = "Enrolment";

    public const string EnCours = "EnCours";
    public const string EnAttentePiece = "EnAttentePiece";
    public const string EnAttenteCertificat = "EnAttenteCertificat";
    public const string Validee = "Validee";
    public const string Rejetee = "Rejetee";
}

/// <summary>Trigger names of the "enrolment" definition that code fires or looks for.</summary>
public static class EnrolmentTriggers
{
    public const string DemanderPiece = "DemanderPiece";
    public const string AjouterPiece = "AjouterPiece";
    public const string DemanderCertificat = "DemanderCertificat";
    public const string DeposerCertificat = "DeposerCertificat";

    /// <summary>The field of <see cref="DemanderPiece"/> naming the document asked for.</summary>
    public const string PieceField = "piece";
}
