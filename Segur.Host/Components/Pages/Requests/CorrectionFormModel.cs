using Segur.Workflows.Financing;
using Segur.Workflows.Imports;

namespace Segur.Host.Components.Pages.Requests;

/// <summary>The correction form's fields, bound by the page; turned into a <see cref="CorrectionForm"/> for the service that checks it.</summary>
public sealed class CorrectionFormModel
{
    public string DateCommande { get; set; } = "";

    public string RegimeTva { get; set; } = "HT";

    public decimal? MontantSegurHT { get; set; }

    public decimal? MontantSegurHTFacture { get; set; }

    public string? NumeroFacture { get; set; }

    public string? DateFacture { get; set; }

    public string? DeploiementMss { get; set; }

    public string CommandePour { get; set; } = "STRUCTURE";

    public List<LiberalRow> Liberaux { get; set; } = [];

    public string? NomResponsable { get; set; }

    public string? EmailResponsable { get; set; }

    public string? FinessJuridique { get; set; }

    /// <summary>FINESS géographiques, one per line.</summary>
    public string? FinessGeo { get; set; }

    public ScenarioRow Scenario { get; set; } = new();

    public static CorrectionFormModel From(CorrectionForm form) => new()
    {
        DateCommande = form.DateCommande, RegimeTva = form.RegimeTva, MontantSegurHT = form.MontantSegurHT,
        MontantSegurHTFacture = form.MontantSegurHTFacture, NumeroFacture = form.NumeroFacture, DateFacture = form.DateFacture,
        DeploiementMss = form.DeploiementMss, CommandePour = form.CommandePour,
        Liberaux = [.. form.Liberaux.Select(l => new LiberalRow { Nom = l.NomMedecin, Email = l.EmailMedecin, Telephone = l.TelephoneMedecin, Rpps = l.Rpps })],
        NomResponsable = form.Structure?.NomResponsable, EmailResponsable = form.Structure?.EmailResponsable,
        FinessJuridique = form.Structure?.FinessJuridique, FinessGeo = string.Join('\n', form.Structure?.FinessGeo ?? []),
        Scenario = ScenarioRow.From(form.Scenario),
    };

    public CorrectionForm ToForm() => new(
        DateCommande, RegimeTva, MontantSegurHT, MontantSegurHTFacture, NumeroFacture, DateFacture, CommandePour,
        CommandePour == "LIBERAL" ? [.. Liberaux.Select(l => new Liberal(l.Nom, l.Email, l.Telephone, l.Rpps))] : [],
        CommandePour == "STRUCTURE"
            ? new Structure(NomResponsable, EmailResponsable, FinessJuridique,
                [.. (FinessGeo ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)])
            : null,
        Scenario.ToScenario(), DeploiementMss);
}

public sealed class LiberalRow
{
    public string? Nom { get; set; }

    public string? Email { get; set; }

    public string? Telephone { get; set; }

    public string? Rpps { get; set; }
}

/// <summary>The installation scenario's switches, as the import names them.</summary>
public sealed class ScenarioRow
{
    public bool IsCentreDeSante { get; set; }

    public string? OperateurMessagerie { get; set; }

    public bool IsProSanteConnectNeeded { get; set; }

    public bool IsDirectToDMP { get; set; }

    public bool IsPFIToDMP { get; set; }

    public bool IsDirectToMSSPro { get; set; }

    public bool IsPFIToMSSPro { get; set; }

    public bool IsDirectToMSSCitoyen { get; set; }

    public bool IsPFIToMSSCitoyen { get; set; }

    public static ScenarioRow From(ScenarioInstallation? s) => new()
    {
        IsCentreDeSante = s?.IsCentreDeSante == true, OperateurMessagerie = s?.OperateurMessagerie, IsProSanteConnectNeeded = s?.IsProSanteConnectNeeded == true,
        IsDirectToDMP = s?.IsDirectToDMP == true, IsPFIToDMP = s?.IsPFIToDMP == true, IsDirectToMSSPro = s?.IsDirectToMSSPro == true,
        IsPFIToMSSPro = s?.IsPFIToMSSPro == true, IsDirectToMSSCitoyen = s?.IsDirectToMSSCitoyen == true, IsPFIToMSSCitoyen = s?.IsPFIToMSSCitoyen == true,
    };

    public ScenarioInstallation ToScenario() => new(
        IsCentreDeSante, OperateurMessagerie, IsProSanteConnectNeeded, IsDirectToDMP, IsPFIToDMP, IsDirectToMSSPro, IsPFIToMSSPro,
        IsDirectToMSSCitoyen, IsPFIToMSSCitoyen);
}
