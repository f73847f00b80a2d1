using System.Globalization;
using System.Text;

namespace Segur.Workflows.Documents;

/// <summary>
/// The name a document is shown and matched under. It is never used as a path on disk (stored files are
/// named by their id), but it is displayed, compared with the expected nomFichier and written to e-mails.
/// </summary>
public static class DocumentFileName
{
    /// <summary>Last path segment, NFC, without control or invisible formatting characters, trimmed, at most <paramref name="maxLength"/> characters.</summary>
    public static string Clean(string? raw, int maxLength)
    {
        var name = raw ?? "";
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        if (lastSeparator >= 0)
        {
            name = name[(lastSeparator + 1)..];
        }

        var kept = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            // Format characters include right-to-left overrides that make "fdp.exe" read as "exe.pdf".
            if (!char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                kept.Append(c);
            }
        }

        name = kept.ToString().Trim().TrimEnd('.').TrimEnd();
        return name.Length <= maxLength ? name : Truncate(name, maxLength);
    }

    /// <summary>Same names for matching: the case is ignored, as the expected nomFichier is compared.</summary>
    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    private static string Truncate(string name, int maxLength)
    {
        var extension = Path.GetExtension(name);
        if (extension.Length > 10)
        {
            extension = "";
        }

        var stemLength = maxLength - extension.Length;
        if (char.IsHighSurrogate(name[stemLength - 1]))
        {
            stemLength--;
        }

        return name[..stemLength].TrimEnd() + extension;
    }
}
