using System.Security.Cryptography;
using System.Text;

namespace Segur.Workflows.Accounts;

/// <summary>Personal API tokens: shown once, stored only as a SHA-256 hash.</summary>
public static class ApiTokens
{
    public static string New() => "sgr_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
