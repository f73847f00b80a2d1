using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Segur.Host.Tests.TestSupport;

/// <summary>
/// Reads pages as the server prerenders them (AngleSharp) and submits their forms as a browser would, hidden
/// antiforgery and handler fields included. Keeps cookies; redirects are returned, not followed.
/// </summary>
public sealed class PageClient(HttpClient http) : IDisposable
{
    private static readonly IBrowsingContext s_parser = BrowsingContext.New(Configuration.Default);

    public HttpClient Http => http;

    public async Task<Page> GetAsync(string url)
    {
        using var response = await http.GetAsync(url);
        return await ReadAsync(response);
    }

    /// <summary>Submits the page's POST form named <paramref name="formName"/> (Blazor's FormName) with these fields.</summary>
    public async Task<Page> SubmitAsync(Page page, string formName, IReadOnlyDictionary<string, string> fields)
    {
        var form = page.Document.QuerySelectorAll<IHtmlFormElement>("form")
            .SingleOrDefault(f => f.QuerySelector<IHtmlInputElement>("input[name=_handler]")?.Value == formName)
            ?? throw new InvalidOperationException($"Pas de formulaire « {formName} » sur {page.Url} :\n{page.Text}");
        return await PostFormAsync(page, form, fields);
    }

    /// <summary>Submits the form found by <paramref name="selector"/> (e.g. the sign-out form of the banner).</summary>
    public async Task<Page> SubmitFormAsync(Page page, string selector, IReadOnlyDictionary<string, string>? fields = null)
    {
        var form = page.Document.QuerySelector<IHtmlFormElement>(selector)
            ?? throw new InvalidOperationException($"Pas de formulaire « {selector} » sur {page.Url}.");
        return await PostFormAsync(page, form, fields ?? new Dictionary<string, string>());
    }

    /// <summary>Signs in through the sign-in form; returns the answer (a redirect when it succeeded).</summary>
    public async Task<Page> SignInAsync(string uid, string password, string url = "/connexion")
    {
        var page = await GetAsync(url);
        return await SubmitAsync(page, "connexion", new Dictionary<string, string> { ["Input.Uid"] = uid, ["Input.Password"] = password });
    }

    public void Dispose() => http.Dispose();

    private async Task<Page> PostFormAsync(Page page, IHtmlFormElement form, IReadOnlyDictionary<string, string> fields)
    {
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]")
            .Where(i => !string.IsNullOrEmpty(i.Name))
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        var action = form.GetAttribute("action") is { Length: > 0 } a ? new Uri(page.Url, a) : page.Url;
        using var content = new FormUrlEncodedContent(values);
        using var response = await http.PostAsync(action, content);
        return await ReadAsync(response);
    }

    private static async Task<Page> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var url = response.RequestMessage!.RequestUri!;
        var document = await s_parser.OpenAsync(request => request.Content(html).Address(url));
        return new Page(response.StatusCode, url, response.Headers.Location, document, html);
    }
}

/// <summary>One answer: status, where it redirects to, and the parsed HTML.</summary>
public sealed record Page(HttpStatusCode Status, Uri Url, Uri? Location, IDocument Document, string Html)
{
    public string Text => Document.Body?.TextContent ?? "";

    public string? RedirectPath => Location is null ? null : Location.IsAbsoluteUri ? Location.PathAndQuery : Location.OriginalString;

    public IElement? Find(string selector) => Document.QuerySelector(selector);

    public string TextOf(string selector) =>
        Find(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"« {selector} » absent de {Url} :\n{Text}");
}
