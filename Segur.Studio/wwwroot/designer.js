// The Studio designer's browser side: loads Z.Blazor.Diagrams' script and styles on the designer's first use (the rest
// of the site does not need them), keeps the text not yet saved in localStorage, and asks before a tab with typing not
// yet sent to the server is closed.
const diagrams = '_content/Z.Blazor.Diagrams/';
let loading = null;
let pending = false;

export function loadDiagrams() {
    if (window.ZBlazorDiagrams) {
        return Promise.resolve(true);
    }
    loading ??= new Promise((resolve, reject) => {
        for (const sheet of ['style.min.css', 'default.styles.min.css']) {
            const link = document.createElement('link');
            link.rel = 'stylesheet';
            link.href = diagrams + sheet;
            document.head.appendChild(link);
        }
        const own = document.createElement('link');
        own.rel = 'stylesheet';
        own.href = '_content/Segur.Studio/designer.css';
        document.head.appendChild(own);
        const script = document.createElement('script');
        script.src = diagrams + 'script.min.js';
        script.onload = () => resolve(true);
        script.onerror = () => reject(new Error('Z.Blazor.Diagrams script not found'));
        document.head.appendChild(script);
    });
    return loading;
}

export function keep(key, json, token) {
    try {
        localStorage.setItem(key, JSON.stringify({ json, token, at: new Date().toISOString() }));
    } catch {
        // A full or disabled storage: the server save is still attempted.
    }
}

export function read(key) {
    return localStorage.getItem(key);
}

export function forget(key) {
    localStorage.removeItem(key);
}

export function watch(selector) {
    const element = document.querySelector(selector);
    if (!element || element.dataset.watched) {
        return;
    }
    element.dataset.watched = 'true';
    element.addEventListener('input', () => { pending = true; }, true);
}

export function settled() {
    pending = false;
}

// A press that starts on the canvas (a state dragged, the arrow control pulled to draw a transition, the background
// panned) and ends elsewhere (over the property panel, the toolbar, or outside the window) never reaches the canvas's own
// pointerup handler: the library would keep the half-drawn link following the pointer and attach it on the next release.
// Such a release is forwarded to the diagram as a release over nothing, which drops the link.
let releases = null;

export function forwardReleasesOutside(canvasSelector, designer) {
    stopForwardingReleases();
    let pressedOnCanvas = false;
    const down = event => { pressedOnCanvas = event.target instanceof Element && event.target.closest(canvasSelector) !== null; };
    const up = event => {
        const onCanvas = event.target instanceof Element && event.target.closest(canvasSelector) !== null;
        if (pressedOnCanvas && !onCanvas) {
            designer.invokeMethodAsync('ReleasedOutsideCanvas', event.clientX, event.clientY);
        }
        pressedOnCanvas = false;
    };
    window.addEventListener('pointerdown', down, true);
    window.addEventListener('pointerup', up, true);
    releases = { down, up };
}

export function stopForwardingReleases() {
    if (releases) {
        window.removeEventListener('pointerdown', releases.down, true);
        window.removeEventListener('pointerup', releases.up, true);
        releases = null;
    }
}

window.addEventListener('beforeunload', event => {
    if (pending) {
        event.preventDefault();
        event.returnValue = '';
    }
});
