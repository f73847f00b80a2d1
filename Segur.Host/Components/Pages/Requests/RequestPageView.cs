using Segur.Workflows.Documents;
using Segur.Workflows.Financing;

namespace Segur.Host.Components.Pages.Requests;

/// <summary>Everything the request detail page shows, read at once (and persisted from the prerendering).</summary>
public sealed record RequestPageView(RequestDetail Request, RequestFollowUpView FollowUp, DocumentChecklist Checklist, RequestDetailFacts? Facts = null);
