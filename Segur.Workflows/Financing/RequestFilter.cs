namespace Segur.Workflows.Financing;

/// <summary>Filters of the requests table (and of its CSV export); every filter is optional, but the two date bounds go together.</summary>
public sealed record RequestFilter
{
    /// <summary>Part of the numéro ASP or éditeur (used from 3 characters).</summary>
    public string? Numero { get; init; }

    public string? Type { get; init; }

    /// <summary>Status labels as users read them ("En cours", "Non complétée"...).</summary>
    public IReadOnlyList<string> Statuts { get; init; } = [];

    public string? EtatPaiement { get; init; }

    /// <summary>ANS numbers of the software (several allowed).</summary>
    public IReadOnlyList<string> NumerosAns { get; init; } = [];

    /// <summary>Software types ("LGC", "DPI"...; several allowed), the "Logiciel" column.</summary>
    public IReadOnlyList<string> TypesLogiciel { get; init; } = [];

    /// <summary>True: only requests one version of which was historised (after a cancellation); false: only the others.</summary>
    public bool? Historisee { get; init; }

    public DateOnly? Du { get; init; }

    public DateOnly? Au { get; init; }

    /// <summary>What is wrong with the filter, in French (null when nothing): one date bound without the other, or bounds reversed.</summary>
    public string? Problem => (Du, Au) switch
    {
        ({ }, null) => "Période de dépôt incomplète : indiquez aussi la date de fin (« au »), les deux dates vont ensemble.",
        (null, { }) => "Période de dépôt incomplète : indiquez aussi la date de début (« du »), les deux dates vont ensemble.",
        ({ } du, { } au) when du > au => $"Période de dépôt inversée : la date de début ({du:dd/MM/yyyy}) est après la date de fin ({au:dd/MM/yyyy}).",
        _ => null,
    };

    /// <summary>Throws <see cref="InvalidRequestFilterException"/> when <see cref="Problem"/> says something.</summary>
    public RequestFilter Checked() => Problem is { } problem ? throw new InvalidRequestFilterException(problem) : this;
}

/// <summary>A filter the table cannot apply (e.g. one date bound alone); the message is for the user, in French.</summary>
public sealed class InvalidRequestFilterException(string message) : ArgumentException(message);

/// <summary>The columns the requests table sorts by, on the server.</summary>
public enum RequestSortColumn
{
    DateDepot,
    NumeroAsp,
    NumeroEditeur,
    Denomination,
    Type,
    Logiciel,
    NumeroAns,
    Statut,
    MontantDeclare,
    MontantRetenu,
    MontantDecide,
}

/// <summary>The table's order: a column and its direction; ties are broken by the numéro ASP in the same direction.</summary>
public sealed record RequestSort(RequestSortColumn Column = RequestSortColumn.DateDepot, bool Descending = true)
{
    public static readonly RequestSort Default = new();

    /// <summary>Reads the address's <c>tri</c> (column name, case ignored) and <c>ordre</c> ("asc" or "desc"); unknown values give the default.</summary>
    public static RequestSort Parse(string? column, string? order)
    {
        if (!Enum.TryParse<RequestSortColumn>(column, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            return Default;
        }

        var descending = order is null ? parsed == RequestSortColumn.DateDepot : order.Equals("desc", StringComparison.OrdinalIgnoreCase);
        return new RequestSort(parsed, descending);
    }
}
