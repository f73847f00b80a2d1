using Segur.Workflows.Imports;

namespace Segur.Workflows.Tests.TestSupport;

/// <summary>
/// Fresh valid beneficiary identifiers (random digits and their Luhn key): one Prestation Ségur per beneficiary means a
/// test that imports twice must not name the same professional or establishment by accident.
/// </summary>
public static class TestIdentifiers
{
    public static string Rpps() => WithKey(10, Identifiers.IsRpps);

    public static string Finess() => WithKey(8, Identifiers.IsFiness);

    private static string WithKey(int digits, Func<string, bool> isValid)
    {
        var body = string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + Random.Shared.Next(10))));
        return Enumerable.Range(0, 10).Select(key => body + key).Single(isValid);
    }
}
