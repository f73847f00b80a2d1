namespace Segur.Host.Api;

/// <summary>The supplier API (/api/v1), for suppliers' own software; authenticated by personal API tokens.</summary>
public static class SupplierApi
{
    public static IEndpointRouteBuilder MapSupplierApi(this IEndpointRouteBuilder app) => app;
}
