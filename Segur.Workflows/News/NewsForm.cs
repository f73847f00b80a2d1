namespace Segur.Workflows.News;

/// <summary>What staff fill in to write or change a news item.</summary>
public sealed class NewsForm
{
    public string Title { get; set; } = "";

    public string Text { get; set; } = "";

    public string? Link { get; set; }

    public string? LinkText { get; set; }

    public DateOnly? StartsOn { get; set; }

    public DateOnly? EndsOn { get; set; }

    /// <summary>Each problem in French, naming its field; empty when the form can be saved.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Title))
        {
            problems.Add("Titre : indiquez le titre de l'actualité.");
        }
        else if (Title.Trim().Length > NewsItem.MaxTitle)
        {
            problems.Add($"Titre : {NewsItem.MaxTitle} caractères au plus ({Title.Trim().Length} saisis).");
        }

        if (string.IsNullOrWhiteSpace(Text))
        {
            problems.Add("Texte : indiquez le texte de l'actualité.");
        }
        else if (Text.Trim().Length > NewsItem.MaxText)
        {
            problems.Add($"Texte : {NewsItem.MaxText} caractères au plus ({Text.Trim().Length} saisis).");
        }

        if (StartsOn is null)
        {
            problems.Add("Publiée à partir du : indiquez le premier jour de publication.");
        }
        else if (EndsOn is { } end && end < StartsOn)
        {
            problems.Add($"Publiée jusqu'au : le dernier jour ({end:dd/MM/yyyy}) précède le premier ({StartsOn:dd/MM/yyyy}).");
        }

        if (!string.IsNullOrWhiteSpace(Link) && !(Link.Trim().StartsWith('/') && !Link.Trim().StartsWith("//", StringComparison.Ordinal)))
        {
            problems.Add("Lien : indiquez une adresse du portail commençant par « / » (par exemple /imports/nouveau).");
        }

        if (!string.IsNullOrWhiteSpace(Link) && string.IsNullOrWhiteSpace(LinkText))
        {
            problems.Add("Texte du lien : indiquez le texte affiché pour le lien.");
        }

        return problems;
    }

    public static NewsForm From(NewsItem item) => new()
    {
        Title = item.Title, Text = item.Text, Link = item.Link, LinkText = item.LinkText, StartsOn = item.StartsOn, EndsOn = item.EndsOn,
    };
}

/// <summary>A form that cannot be saved; <see cref="Exception.Message"/> joins the problems.</summary>
public sealed class NewsRefusedException(IReadOnlyList<string> problems) : Exception(string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
