using System.Globalization;
using System.Text.Json;

namespace Segur.Workflows.Persistence;

/// <summary>
/// Values written in a JSON text that SQLite reads back (json_each, <c>value ->> n</c>) as exactly what Microsoft.Data.Sqlite
/// stores when it binds them as parameters through EF's type mappings: texts for GUIDs (in capitals), dates and decimals,
/// integers for whole numbers and booleans, NULL (decision 0240). Tests compare both ways column by column.
/// </summary>
internal static class SqliteJson
{
    /// <summary>
    /// Most bytes of one row in the JSON text: a row's array is read once per column (<c>value ->> n</c>, through SQLite's
    /// cache of parsed JSON), and copying a very wide value (an import's returned file, megabytes) into the text would only
    /// double it: such a table goes by parameters. A request's stored line (up to ~10 KB with 50 beneficiaries) passes.
    /// </summary>
    public const int MaxRowBytes = 64 * 1024;

    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true,
    };

    /// <summary>Writes <paramref name="value"/> (a provider value, DBNull for NULL); false for a value not known to round-trip.</summary>
    public static bool TryWrite(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case DBNull:
                writer.WriteNullValue();
                return true;
            case string text when !text.Contains('\0', StringComparison.Ordinal):
                writer.WriteStringValue(text);
                return true;
            case bool flag:
                writer.WriteNumberValue(flag ? 1 : 0);
                return true;
            case int or long or short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return true;
            case Guid guid:
                writer.WriteStringValue(guid.ToString().ToUpperInvariant());
                return true;
            case DateTime moment:
                writer.WriteStringValue(moment.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture));
                return true;
            case DateOnly day:
                writer.WriteStringValue(day.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture));
                return true;
            case decimal amount:
                writer.WriteStringValue(amount.ToString("0.0###########################", CultureInfo.InvariantCulture));
                return true;
            default:
                return false;
        }
    }
}
