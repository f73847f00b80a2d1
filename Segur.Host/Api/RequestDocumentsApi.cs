namespace Segur.Host.Api;

/// <summary>POST /api/v1/requests/{numeroASP}/documents — wired to the documents service.</summary>
internal static class RequestDocumentsApi
{
    public static void MapRequestDocuments(this RouteGroupBuilder api)
    {
    }
}
