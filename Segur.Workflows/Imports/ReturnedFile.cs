using System.Text.Encodings.Web;
using System.Text.Json;

namespace Segur.Workflows.Imports;

/// <summary>
/// The returned file: the header with impId, then each line as it was read (its typed form), completed with numeroASP,
/// codeTraitement and libelleTraitement; a line that could not be read is given back as received.
/// </summary>
/// <summary>A returned file built before the import's numbers are known (<see cref="ReturnedFile.BuildPending"/>).</summary>
public sealed record PendingReturnedFile(ImportResult Result, CheckedFile File, IReadOnlyList<string?> Placeholders);

public static class ReturnedFile
{
    // Stored compact (an import kept about 5 MB of indented JSON, issue 7): the download is indented on the fly (Indented).
    private static readonly JsonWriterOptions s_writer = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions s_download = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The stored (compact) returned file, indented for a person who opens the download.</summary>
    public static byte[] Indented(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_download))
        {
            document.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    public static ImportResult Build(ReadFile read, CheckedFile file, long? number, IReadOnlyList<string?> numerosAsp, bool simulation)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_writer))
        {
            writer.WriteStartObject();
            if (number is null)
            {
                writer.WriteNull("impId");
            }
            else
            {
                writer.WriteNumber("impId", number.Value);
            }

            writer.WriteString("numeroAns", read.NumeroAns);
            writer.WriteString("siret", read.Siret);
            writer.WriteStartArray("lignesImport");
            var results = new List<LineResult>();
            for (var i = 0; i < file.Verdicts.Count; i++)
            {
                var (line, verdict) = file.Verdicts[i];
                if (simulation && verdict.Retained)
                {
                    verdict = new LineVerdict(TreatmentCodes.Simulee, "Ligne valide : elle serait retenue à l'import (simulation : rien n'a été enregistré).");
                }

                var numeroAsp = simulation ? null : numerosAsp[i];
                if (line is not null)
                {
                    JsonSerializer.Serialize(writer, line with
                    {
                        NumeroASP = numeroAsp ?? line.NumeroASP, CodeTraitement = verdict.Code, LibelleTraitement = verdict.Message,
                    }, ImportLine.Json);
                }
                else
                {
                    WriteReceived(writer, read.Lines[i], verdict);
                }

                results.Add(new LineResult(i, line?.NumLigne, line?.NumeroEditeur, numeroAsp, verdict.Code, verdict.Message));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            var retained = results.Count(r => r.Code is TreatmentCodes.Retenue or TreatmentCodes.Simulee);
            writer.Flush();
            return new ImportResult(number, file.Type, file.NumeroAns, results.Count, retained, results.Count - retained, results,
                System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), simulation);
        }
    }

    /// <summary>
    /// The returned file of an import built before its numbers are known (decision 0175: outside the writer), with a
    /// placeholder per number; <see cref="Numbered"/> puts the numbers in, in one pass over the text.
    /// </summary>
    public static PendingReturnedFile BuildPending(ReadFile read, CheckedFile file)
    {
        var token = $"#ASP{Guid.NewGuid():N}#";
        var placeholders = file.Verdicts.Select((v, i) => v.Verdict.Retained ? $"{token}{i}#" : null).ToList();
        return new PendingReturnedFile(Build(read, file, 0, placeholders, simulation: false), file, placeholders);
    }

    /// <summary>The returned file of <paramref name="pending"/> with the import's number and the requests' ASP numbers.</summary>
    public static ImportResult Numbered(PendingReturnedFile pending, long number, IReadOnlyList<string?> numerosAsp)
    {
        const string head = "{\"impId\":0,";
        var json = pending.Result.ReturnedJson;
        if (!json.StartsWith(head, StringComparison.Ordinal) || numerosAsp.Count != pending.Placeholders.Count)
        {
            throw new InvalidOperationException("The pending returned file does not have the expected shape.");
        }

        var text = new System.Text.StringBuilder(json.Length + 16 * numerosAsp.Count);
        text.Append("{\"impId\":").Append(number.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',');
        var from = head.Length;
        for (var i = 0; i < numerosAsp.Count; i++)
        {
            if (pending.Placeholders[i] is not { } placeholder)
            {
                continue;
            }

            var at = json.IndexOf(placeholder, from, StringComparison.Ordinal);
            if (at < 0 || numerosAsp[i] is not { } numero)
            {
                throw new InvalidOperationException($"The pending returned file has no place for the ASP number of line {i}.");
            }

            text.Append(json, from, at - from).Append(JsonEncodedText.Encode(numero, s_writer.Encoder).Value);
            from = at + placeholder.Length;
        }

        text.Append(json, from, json.Length - from);
        var result = pending.Result;
        return result with
        {
            ImportNumber = number,
            ReturnedJson = text.ToString(),
            LineResults = result.LineResults.Select((l, i) => l with { NumeroAsp = numerosAsp[i] }).ToList(),
        };
    }

    private static void WriteReceived(Utf8JsonWriter writer, ReadLine line, LineVerdict verdict)
    {
        writer.WriteStartObject();
        if (line.Received.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in line.Received.EnumerateObject())
            {
                if (!Named(property, "codeTraitement") && !Named(property, "libelleTraitement"))
                {
                    property.WriteTo(writer);
                }
            }
        }
        else
        {
            writer.WriteNumber("numLigne", line.Index + 1);
            writer.WritePropertyName("valeurRecue");
            line.Received.WriteTo(writer);
        }

        writer.WriteString("codeTraitement", verdict.Code);
        writer.WriteString("libelleTraitement", verdict.Message);
        writer.WriteEndObject();
    }

    private static bool Named(JsonProperty property, string name)
    {
        try
        {
            return string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
