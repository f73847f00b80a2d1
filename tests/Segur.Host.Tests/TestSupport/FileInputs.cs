using Microsoft.Playwright;

namespace Segur.Host.Tests.TestSupport;

/// <summary>Files chosen in a Blazor file input (InputFile, MudFileUpload).</summary>
public static class FileInputs
{
    /// <summary>
    /// Chooses <paramref name="files"/> in <paramref name="input"/> once Blazor listens to it. An InputFile appears with a render
    /// and starts listening to its "change" event one round trip later (its first OnAfterRenderAsync calls the browser, which
    /// marks the element): a file chosen in between is never seen by the server. A busy machine made that window seconds long
    /// (the instruction journey waited a minute for « Déposer la pièce »); a person takes longer to pick a file.
    /// </summary>
    public static async Task ChooseAsync(ILocator input, params FilePayload[] files)
    {
        await input.Page.WaitForFunctionAsync(
            "input => input !== null && input._blazorInputFileNextFileId !== undefined",
            await input.ElementHandleAsync(), new() { Timeout = PortalBrowser.SlowTimeout });
        await input.SetInputFilesAsync(files);
    }
}
