namespace Segur.Workflows.Documents;

/// <summary>
/// Zip-slip rules for an entry's path. Stored files never take their name from the zip, so a hostile path
/// could not escape the files folder here; it is refused anyway, because it shows the archive was built to
/// attack whatever unpacks it.
/// </summary>
public static class ZipEntryPath
{
    /// <summary>True when the path stays inside the archive: relative, forward slashes only, no "..", no drive.</summary>
    public static bool IsSafe(string fullName)
    {
        if (fullName.Length == 0
            || fullName.Contains('\\')
            || fullName.StartsWith('/')
            || (fullName.Length >= 2 && char.IsAsciiLetter(fullName[0]) && fullName[1] == ':')
            || fullName.Any(char.IsControl))
        {
            return false;
        }

        // Windows reads "..." or ".. " as "..": any segment made only of dots and spaces with two dots is refused.
        return !fullName.Split('/').Any(segment => segment.Contains("..", StringComparison.Ordinal) && segment.Trim('.', ' ').Length == 0);
    }

    /// <summary>The folders of the entry, from the top, and its file name.</summary>
    public static (IReadOnlyList<string> Folders, string FileName) Split(string fullName)
    {
        var segments = fullName.Split('/');
        return ([.. segments[..^1].Where(s => s.Length > 0 && s != ".")], segments[^1]);
    }

    public static bool IsFolder(string fullName) => fullName.EndsWith('/');

    /// <summary>What archivers add beside the files (macOS resource forks, Finder and Explorer metadata): skipped.</summary>
    public static bool IsArchiverMetadata(string fullName)
    {
        var (folders, fileName) = Split(fullName);
        return (folders.Count > 0 && folders[0] == "__MACOSX")
            || fileName.StartsWith("._", StringComparison.Ordinal)
            || fileName is ".DS_Store" or "Thumbs.db" or "desktop.ini";
    }

    /// <summary>The path as it may be quoted in a message (control characters made visible).</summary>
    public static string ForMessage(string fullName) =>
        new([.. fullName.Take(300).Select(c => char.IsControl(c) ? '?' : c)]);
}
