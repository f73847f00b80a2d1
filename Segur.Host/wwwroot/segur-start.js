// Blazor starts once the prerendered page has been painted (docs/decisions/0217): the circuit's negotiation, the Host's
// first interactive render and the DOM updates it sends no longer stand between the document and the table on screen.
(() => {
    let started = false;
    const start = () => {
        if (!started) {
            started = true;
            Blazor.start();
        }
    };

    // A page opened in a background tab gets no animation frame until it is shown: its circuit starts at once.
    if (document.visibilityState === 'hidden') {
        start();
        return;
    }

    // The callback runs before the next paint; the task it queues, after it.
    requestAnimationFrame(() => setTimeout(start, 0));
})();
