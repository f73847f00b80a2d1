namespace Segur.Host.Help;

/// <summary>
/// Who the contact allowance (<see cref="ContactRateLimit"/>) is counted for: the client's address when the page was served
/// over HTTP, else the browser session (the circuit: one scope per circuit), for a page reached by in-app navigation,
/// where no HTTP request, hence no address, is at hand.
/// </summary>
public sealed class ContactVisitor
{
    private readonly string _session = "session:" + Guid.NewGuid().ToString("N");

    public string Key(string? address) => string.IsNullOrEmpty(address) ? _session : "adresse:" + address;
}
