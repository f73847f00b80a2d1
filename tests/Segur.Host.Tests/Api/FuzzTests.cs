using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Api;

/// <summary>
/// Thousands of inputs mutated from the public sample, the same ones on every run (seeded): the import and upload
/// endpoints answer each with a verdict or a French problem, never a 500, never a hang.
/// </summary>
public sealed class FuzzTests
{
    private const int Imports = 1_500;
    private const int Uploads = 600;

    private static readonly string[] s_values =
    [
        "-1000", "0", "1e25", "1e400", "0.0000001", "-5", "\"\\ud800\"", "\"\\udc00x\"", "null", "[]", "{}", "true", "\"XX\"",
        "\"" + new string('x', 5000) + "\"", "\"2026-13-45\"", "\"9999-12-31\"", "12345678901234567890", "\"\"", "[[[[[[[[]]]]]]]]",
    ];

    private const string Syntax = "\"{}[],:\\\r\n";

    private static readonly string[] s_keys = ["Commande", "NumeroEditeur", "NUMLIGNE", "numeroEditeur", "inconnu", "commande", "Beneficiaires", "RPPS", "lignesImport"];

    [Fact]
    public async Task MutatedImportsAndUploads_NeverAnswer500_NorHang()
    {
        await using var app = SegurApp.Start();
        var supplier = app.Demo.Suppliers[0];
        using var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(20);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", supplier.ApiToken);
        var sample = Sample(supplier);
        var random = new Random(20261130);
        var watch = Stopwatch.StartNew();
        var statuses = new Dictionary<int, int>();

        for (var i = 0; i < Imports; i++)
        {
            var body = MutateJson(sample, random);
            var simulation = i % 10 != 0;
            using var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            using var response = await client.PostAsync($"/api/v1/imports?simulation={simulation}", content);
            await CheckAsync(response, statuses, $"import n° {i} : {Preview(body)}", body);
        }

        // A request to send documents to, and the name its file must carry.
        var prepared = Sample(supplier);
        using var imported = await client.PostAsync("/api/v1/imports", new StringContent(prepared.ToJsonString(), Encoding.UTF8, "application/json"));
        var line = JsonNode.Parse(await imported.Content.ReadAsStringAsync())!["lignesImport"]![0]!;
        var numeroAsp = (string)line["numeroASP"]!;
        var pdfName = (string)line["piecesJustificatives"]![0]!["nomFichier"]!;
        var zip = Zip((string)line["numeroEditeur"]! + ".pdf");
        for (var i = 0; i < Uploads; i++)
        {
            var toZip = i % 2 == 0;
            var (contentType, body) = MutateMultipart(toZip ? zip : Pdf(), toZip ? "lot.zip" : pdfName, random);
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var response = await client.PostAsync(toZip ? "/api/v1/documents" : $"/api/v1/requests/{numeroAsp}/documents", content);
            await CheckAsync(response, statuses, $"envoi n° {i} ({contentType}) : {Preview(body)}", body);
        }

        Console.WriteLine($"Fuzz : {Imports} imports, {Uploads} envois en {watch.Elapsed} ; statuts {string.Join(", ", statuses.OrderBy(s => s.Key))}");
        Assert.True(statuses.Keys.Count > 2, string.Join(", ", statuses)); // the mutations reach both verdicts and refusals
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"{watch.Elapsed}");
    }

    private static async Task CheckAsync(HttpResponseMessage response, Dictionary<int, int> statuses, string what, byte[] body)
    {
        var status = (int)response.StatusCode;
        statuses[status] = statuses.GetValueOrDefault(status) + 1;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            // The input, to replay it by hand.
            await File.WriteAllBytesAsync(Path.Combine(Path.GetTempPath(), "segur-fuzz-echec.bin"), body);
        }

        Assert.True(status < 500, $"{status} pour {what}\n{text}");
        if (status >= 400)
        {
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{status} sans ProblemDetails pour {what}\n{text}");
        }
    }

    private static byte[] MutateJson(JsonObject sample, Random random)
    {
        var text = sample.ToJsonString();
        switch (random.Next(8))
        {
            case 0 or 1:
                // Replace a value after a random colon.
                var colon = NthIndex(text, ':', random);
                var end = ValueEnd(text, colon + 1);
                text = text[..(colon + 1)] + Pick(s_values, random) + text[end..];
                break;
            case 2:
                // A second key, often of another case, after a random comma.
                var comma = NthIndex(text, ',', random);
                text = text[..(comma + 1)] + $"\"{Pick(s_keys, random)}\": {Pick(s_values, random)}," + text[(comma + 1)..];
                break;
            case 3:
                text = text[..random.Next(text.Length)];
                break;
            case 4:
                return Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return random.Next(3) == 0 ? MutateBytes(bytes, random) : bytes;
    }

    private static (string ContentType, byte[] Body) MutateMultipart(byte[] file, string fileName, Random random)
    {
        var boundary = "frontiere" + random.Next(1000);
        var head = Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"{fileName}\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        var tail = Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n");
        var part = random.Next(3) switch
        {
            0 => MutateBytes(file, random),
            1 => file,
            _ => MutateBytes(MutateBytes(file, random), random),
        };
        var body = head.Concat(part).Concat(tail).ToArray();
        if (random.Next(4) == 0)
        {
            body = MutateBytes(body, random);
        }

        var contentType = random.Next(10) switch
        {
            0 => "multipart/form-data",
            1 => $"multipart/form-data; boundary={boundary}x",
            2 => "application/json",
            _ => $"multipart/form-data; boundary={boundary}",
        };
        return (contentType, body);
    }

    private static byte[] MutateBytes(byte[] bytes, Random random)
    {
        var result = bytes.ToList();
        for (var n = random.Next(1, 6); n > 0 && result.Count > 0; n--)
        {
            var at = random.Next(result.Count);
            switch (random.Next(5))
            {
                case 0: result[at] = (byte)random.Next(256); break;
                case 1: result.Insert(at, (byte)random.Next(256)); break;
                case 2: result.RemoveRange(at, Math.Min(random.Next(1, 40), result.Count - at)); break;
                case 3: result.InsertRange(at, result.Skip(at).Take(random.Next(1, 80)).ToList()); break;
                default: result[at] = (byte)Syntax[random.Next(Syntax.Length)]; break;
            }
        }

        return result.ToArray();
    }

    private static int NthIndex(string text, char c, Random random)
    {
        var positions = Enumerable.Range(0, text.Length).Where(i => text[i] == c).ToList();
        return positions[random.Next(positions.Count)];
    }

    private static int ValueEnd(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }

            switch (c)
            {
                case '"': inString = true; break;
                case '{' or '[': depth++; break;
                case '}' or ']' when depth == 0: return i;
                case '}' or ']': depth--; break;
                case ',' when depth == 0: return i;
            }
        }

        return text.Length;
    }

    private static T Pick<T>(T[] values, Random random) => values[random.Next(values.Length)];

    private static string Preview(byte[] body) =>
        new(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c).ToArray());

    private static JsonObject Sample(DemoSupplier supplier)
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Api", "avance-3-lignes.json")))!.AsObject();
        file["numeroAns"] = supplier.NumeroAns;
        file["siret"] = supplier.Siret;
        foreach (var line in file["lignesImport"]!.AsArray())
        {
            var numero = $"{line!["numeroEditeur"]}-{Guid.NewGuid():N}"[..30];
            line["numeroEditeur"] = numero;
            line["piecesJustificatives"]![0]!["nomFichier"] = numero + ".pdf";
            line["beneficiaires"]!["liberal"]![0]!["RPPS"] = SupplierImports.RppsFor(supplier, numero);
        }

        return file;
    }

    private static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");

    private static byte[] Zip(string entryName)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry(entryName).Open();
            entry.Write(Pdf());
        }

        return buffer.ToArray();
    }
}
