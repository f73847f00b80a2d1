using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;

namespace Segur.Studio.Pages.Definitions;

/// <summary>
/// One analyst's editing of a definition's draft, shared by the JSON view, the rules and the templates: every change is
/// saved at once with the token of the last reading (autosave); a refusal keeps the analyst's text and shows the other change.
/// </summary>
public sealed class DraftSession(DefinitionDrafts drafts, DefinitionCompiler compiler, string definitionId, string analyst)
{
    private readonly SemaphoreSlim _saving = new(1, 1);

    public string DefinitionId { get; } = definitionId;

    public string Analyst { get; } = analyst;

    public DraftView? Draft { get; private set; }

    public string Json { get; private set; } = "";

    public int Token { get; private set; }

    public IReadOnlyList<DefinitionProblem> Problems { get; private set; } = [];

    public IReadOnlyDictionary<string, int> Lines { get; private set; } = new Dictionary<string, int>();

    /// <summary>The draft as a colleague saved it, when our last save was refused; autosave waits until the analyst chooses.</summary>
    public DraftConflictException? Conflict { get; private set; }

    public string? Error { get; private set; }

    public DateTime? SavedAt { get; private set; }

    public bool HasUnsavedText { get; private set; }

    public event Action? Changed;

    /// <summary>Earlier texts of this editing, newest last (undo), and the texts undone (redo); any view's change is undoable.</summary>
    private readonly List<string> _undo = [];
    private readonly List<string> _redo = [];

    public bool CanUndo => _undo.Count > 0;

    public bool CanRedo => _redo.Count > 0;

    /// <summary>Goes back to the text before the last change, and saves it.</summary>
    public Task UndoAsync() => StepAsync(_undo, _redo);

    /// <summary>Takes again the last change undone, and saves it.</summary>
    public Task RedoAsync() => StepAsync(_redo, _undo);

    private async Task StepAsync(List<string> from, List<string> to)
    {
        if (from.Count == 0)
        {
            return;
        }

        var text = from[^1];
        from.RemoveAt(from.Count - 1);
        to.Add(Json);
        await ApplyAsync(text);
    }

    public async Task<bool> LoadAsync()
    {
        Draft = await drafts.GetAsync(DefinitionId);
        if (Draft is null)
        {
            return false;
        }

        Json = Draft.Json;
        Token = Draft.Token;
        SavedAt = Draft.UpdatedAt;
        Conflict = null;
        HasUnsavedText = false;
        Check();
        return true;
    }

    /// <summary>Takes the analyst's new text and saves it (unless a conflict waits for a choice).</summary>
    public async Task EditAsync(string json)
    {
        if (json == Json && !HasUnsavedText)
        {
            return;
        }

        if (json != Json)
        {
            _undo.Add(Json);
            if (_undo.Count > 200)
            {
                _undo.RemoveAt(0);
            }

            _redo.Clear();
        }

        await ApplyAsync(json);
    }

    private async Task ApplyAsync(string json)
    {
        Json = json;
        HasUnsavedText = true;
        Check();
        Notify();
        if (Conflict is null)
        {
            await SaveAsync();
        }
    }

    public async Task SaveAsync()
    {
        await _saving.WaitAsync();
        try
        {
            var text = Json;
            var saved = await drafts.SaveAsync(DefinitionId, text, Analyst, Token);
            Token = saved.Token;
            SavedAt = saved.UpdatedAt;
            Problems = saved.Problems;
            HasUnsavedText = Json != text;
            Error = null;
        }
        catch (DraftConflictException conflict)
        {
            Conflict = conflict;
        }
        catch (WorkflowException ex)
        {
            Error = ex.Message;
        }
        finally
        {
            _saving.Release();
        }

        Notify();
    }

    /// <summary>After a conflict: the analyst's text replaces the colleague's, knowingly.</summary>
    public async Task KeepMineAsync()
    {
        if (Conflict?.Current is { } current)
        {
            Token = current.Token;
            Conflict = null;
            await SaveAsync();
        }
    }

    /// <summary>After a conflict: the analyst drops their text and takes the saved draft.</summary>
    public async Task TakeTheirsAsync()
    {
        if (!await LoadAsync())
        {
            Error = "Le brouillon n'existe plus : il a été publié ou abandonné.";
        }

        Notify();
    }

    /// <summary>Set when publishing stopped because dossiers are in states the draft removes: the panel asks for the mapping.</summary>
    public StateMappingRequiredException? MappingNeeded { get; private set; }

    /// <summary>Publishes the draft; with <paramref name="migration"/>, moves the dossiers of the removed states in the same step.</summary>
    public async Task<Publication?> PublishAsync(PublishMigration? migration = null)
    {
        try
        {
            var published = await drafts.PublishAsync(DefinitionId, Analyst, Token, migration);
            (Error, MappingNeeded) = (null, null);
            return published;
        }
        catch (InvalidDefinitionException invalid)
        {
            Problems = invalid.Problems;
            Error = "Publication refusée : le brouillon a des problèmes, corrigez-les d'abord.";
        }
        catch (DraftConflictException conflict)
        {
            Conflict = conflict;
        }
        catch (StateMappingRequiredException mapping)
        {
            (MappingNeeded, Error) = (mapping, null);
        }
        catch (WorkflowException ex)
        {
            Error = ex.Message;
        }

        Notify();
        return null;
    }

    public Task<PublicationPreview> PreviewPublicationAsync(IReadOnlyDictionary<string, string> mapping) =>
        drafts.PreviewPublicationAsync(DefinitionId, mapping);

    public async Task RebaseAsync()
    {
        try
        {
            Draft = await drafts.RebaseAsync(DefinitionId, Analyst, Token);
            Token = Draft.Token;
            Error = null;
        }
        catch (DraftConflictException conflict)
        {
            Conflict = conflict;
        }

        Notify();
    }

    public async Task<bool> DiscardAsync()
    {
        try
        {
            await drafts.DiscardAsync(DefinitionId, Token);
            return true;
        }
        catch (DraftConflictException conflict)
        {
            Conflict = conflict;
            Notify();
            return false;
        }
    }

    public void Check()
    {
        Problems = compiler.Validate(Json);
        Lines = JsonPathLines.Index(Json);
    }

    public int LineOf(DefinitionProblem problem) => JsonPathLines.LineOf(Lines, problem.Path);

    private void Notify() => Changed?.Invoke();
}
