using Microsoft.AspNetCore.Components.Forms;
using Segur.Host.Components.Pages.Requests;
using Segur.Workflows.Documents;

namespace Segur.Host.Components.Pages.Imports;

/// <summary>
/// Files chosen in the browser, handed to <see cref="DocumentIntake"/> as they stream in over the circuit: nothing is
/// buffered twice, and the bytes read so far give the progress bar its value. Limits are the intake's own
/// (<see cref="DocumentOptions"/>); the intake checks them again, with the content.
/// </summary>
public sealed class UploadProgress : IDisposable
{
    private readonly List<Stream> _streams = [];
    private readonly Action<int> _percentChanged;
    private readonly long _total;
    private long _read;
    private int _percent = -1;

    private UploadProgress(IReadOnlyList<IBrowserFile> files, long maxFileBytes, Action<int> percentChanged)
    {
        _percentChanged = percentChanged;
        _total = Math.Max(1, files.Sum(f => f.Size));
        Files = [.. files.Select(f => new IncomingFile(f.Name, Track(f.OpenReadStream(maxFileBytes))))];
        Report();
    }

    public IReadOnlyList<IncomingFile> Files { get; }

    /// <summary>Why these files cannot be sent at all (size), in French; null when they can.</summary>
    public static string? Problem(IReadOnlyList<IBrowserFile> files, long maxFileBytes, long maxUploadBytes)
    {
        if (files.Count == 0)
        {
            return "Choisissez au moins un fichier.";
        }

        var tooLarge = files.Where(f => f.Size > maxFileBytes).Select(f => $"« {f.Name} »").ToList();
        if (tooLarge.Count > 0)
        {
            return $"{string.Join(", ", tooLarge)} dépasse{(tooLarge.Count > 1 ? "nt" : "")} la taille maximale de {Mo(maxFileBytes)} par fichier.";
        }

        return files.Sum(f => f.Size) > maxUploadBytes
            ? $"L'envoi dépasse la taille maximale de {Mo(maxUploadBytes)} : envoyez les fichiers en plusieurs fois."
            : null;
    }

    /// <summary>Opens the files for reading; <paramref name="percentChanged"/> is called each time a new percent is reached.</summary>
    public static UploadProgress Open(IReadOnlyList<IBrowserFile> files, long maxFileBytes, Action<int> percentChanged) =>
        new(files, maxFileBytes, percentChanged);

    public static string Mo(long bytes) => (bytes / 1024d / 1024d).ToString("0.#", ParisTime.French) + " Mo";

    /// <summary>A file's size as people read it: "820 octets", "14 ko", "2,5 Mo".</summary>
    public static string Readable(long bytes) => Shared.Numbers.Size(bytes);

    public void Dispose()
    {
        foreach (var stream in _streams)
        {
            stream.Dispose();
        }
    }

    private ProgressStream Track(Stream browser)
    {
        var stream = new ProgressStream(browser, read =>
        {
            _read += read;
            Report();
        });
        _streams.Add(stream);
        return stream;
    }

    private void Report()
    {
        var percent = (int)Math.Min(100, _read * 100 / _total);
        if (percent != _percent)
        {
            _percent = percent;
            _percentChanged(percent);
        }
    }
}
