namespace Segur.Workflows.AccountChanges;

/// <summary>The vocabulary of the three "Mon compte" lifecycles that code names, written once.</summary>
public static class AccountChangeStates
{
    public const string BankDetailsDefinition = "bank-details-change";
    public const string BankDetailsSubject = "BankDetailsChange";

    public const string PersonsDefinition = "persons-change";
    public const string PersonsSubject = "PersonsChange";

    public const string TemplateDefinition = "document-template";
    public const string TemplateSubject = "DocumentTemplate";

    /// <summary>The state a bank-details or persons change waits in for staff (its task).</summary>
    public const string EnAttente = "EnAttente";

    /// <summary>The state of an accepted change (bank details, persons).</summary>
    public const string Validee = "Validee";

    public const string Rejetee = "Rejetee";

    /// <summary>A confirmed template waits in this state for staff.</summary>
    public const string AInstruire = "AInstruire";

    public const string Accepte = "Accepte";

    public const string Rejete = "Rejete";

    /// <summary>The subject types of these lifecycles (the staff inbox links them to the review page).</summary>
    public static readonly IReadOnlyList<string> SubjectTypes = [BankDetailsSubject, PersonsSubject, TemplateSubject];
}

/// <summary>A change staff review: the activity <see cref="RecordReview"/> keeps their comment and the date on it.</summary>
public interface IReviewedChange
{
    DateTime? ReviewedAt { get; }

    string? ReviewComment { get; }

    void RecordReview(string? comment, DateTime at, string by);
}
