// Blazor's and MudBlazor's scripts load once the prerendered page has been shown (docs/decisions/0217, 0242). Deferred
// scripts run as soon as the parser is done, before the first paint: compiling and running these two (270 KB) stood between
// the document and the table on screen, and so did the circuit's start (negotiation, the Host's first interactive render, the
// DOM updates it sends) when it began before the paint had reached the screen. The addresses are this script's data-*
// attributes (fingerprinted, cached a year like this one).
(() => {
    const self = document.currentScript;
    let started = false;
    const start = () => {
        if (started) {
            return;
        }

        started = true;
        // In the document's former order; async=false keeps it. Blazor is started by hand (autostart="false").
        const mudBlazor = document.createElement('script');
        mudBlazor.src = self.dataset.mudblazorSrc;
        mudBlazor.async = false;
        const blazor = document.createElement('script');
        blazor.src = self.dataset.blazorSrc;
        blazor.async = false;
        blazor.setAttribute('autostart', 'false');
        blazor.addEventListener('load', () => Blazor.start());
        document.body.append(mudBlazor, blazor);
    };

    // A page opened in a background tab is not painted until it is shown: its circuit starts at once.
    if (document.visibilityState === 'hidden') {
        start();
        return;
    }

    document.addEventListener('visibilitychange', start, { once: true });
    const painted = () => performance.getEntriesByName('first-contentful-paint').length > 0;
    if (painted() || !PerformanceObserver.supportedEntryTypes?.includes('paint')) {
        // Already painted once (the parser yielded on a long document): the rest is in the next frame. The callback runs
        // before that frame's paint; the task it queues, after it.
        requestAnimationFrame(() => setTimeout(start, 0));
    } else {
        // The first contentful paint is reported once it has been presented, i.e. is on screen.
        const observer = new PerformanceObserver(() => {
            if (painted()) {
                observer.disconnect();
                setTimeout(start, 0);
            }
        });
        observer.observe({ type: 'paint', buffered: true });
    }

    // Should no paint ever be reported (a page without any text or image), the page still becomes interactive.
    setTimeout(start, 2000);
})();
