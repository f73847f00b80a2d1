using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.News;

/// <summary>
/// A news item staff write for suppliers: shown on the suppliers' home page from its first day to its last (Paris days,
/// inclusive; no last day: until unpublished), unless unpublished.
/// </summary>
public sealed class NewsItem
{
    public const int MaxTitle = 200;
    public const int MaxText = 4000;

    public Guid Id { get; init; }

    public string Title { get; private set; } = "";

    public string Text { get; private set; } = "";

    /// <summary>An address of the portal the item points to (e.g. /imports/nouveau), with its link text.</summary>
    public string? Link { get; private set; }

    public string? LinkText { get; private set; }

    public DateOnly StartsOn { get; private set; }

    public DateOnly? EndsOn { get; private set; }

    public DateTime? UnpublishedAt { get; private set; }

    public DateTime CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTime? UpdatedAt { get; private set; }

    public string? UpdatedBy { get; private set; }

    public static NewsItem Create(NewsForm form, string author, DateTime now)
    {
        var item = new NewsItem { Id = Guid.CreateVersion7(now), CreatedAt = now, CreatedBy = author };
        item.Apply(form);
        return item;
    }

    public void Edit(NewsForm form, string editor, DateTime now)
    {
        Apply(form);
        UpdatedAt = now;
        UpdatedBy = editor;
    }

    public void Unpublish(string editor, DateTime now)
    {
        UnpublishedAt ??= now;
        UpdatedAt = now;
        UpdatedBy = editor;
    }

    public void Republish(string editor, DateTime now)
    {
        UnpublishedAt = null;
        UpdatedAt = now;
        UpdatedBy = editor;
    }

    /// <summary>Whether suppliers see it on <paramref name="today"/> (a Paris day).</summary>
    public bool IsShownOn(DateOnly today) => UnpublishedAt is null && StartsOn <= today && (EndsOn is null || EndsOn >= today);

    private void Apply(NewsForm form)
    {
        Title = form.Title.Trim();
        Text = form.Text.Trim();
        Link = string.IsNullOrWhiteSpace(form.Link) ? null : form.Link.Trim();
        LinkText = Link is null ? null : form.LinkText?.Trim();
        StartsOn = form.StartsOn!.Value;
        EndsOn = form.EndsOn;
    }
}

internal sealed class NewsItemConfiguration : IEntityTypeConfiguration<NewsItem>
{
    public void Configure(EntityTypeBuilder<NewsItem> builder)
    {
        builder.ToTable("NewsItems");
        builder.Property(n => n.Title).HasMaxLength(NewsItem.MaxTitle);
        builder.Property(n => n.Text).HasMaxLength(NewsItem.MaxText);
        builder.Property(n => n.Link).HasMaxLength(300);
        builder.Property(n => n.LinkText).HasMaxLength(200);
        builder.Property(n => n.CreatedBy).HasMaxLength(100);
        builder.Property(n => n.UpdatedBy).HasMaxLength(100);
        builder.HasIndex(n => n.StartsOn);
        builder.HasData(InitialNews.Items);
    }
}
