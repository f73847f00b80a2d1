using System.Globalization;
using Fluid;
using Segur.Workflows.Engine.Definitions;

namespace Segur.Workflows.Engine.Mail;

/// <summary>Renders a definition's Liquid e-mail template, in French formatting, as plain text.</summary>
public sealed class EmailComposer
{
    /// <summary>A template stops after this many steps (a loop over a huge list, a runaway include): an error, not a hung fire.</summary>
    public const int MaxSteps = 100_000;

    private static readonly TemplateOptions s_options = new() { CultureInfo = CultureInfo.GetCultureInfo("fr-FR"), MaxSteps = MaxSteps };

    public async Task<(string Subject, string Body)> ComposeAsync(
        CompiledEmailTemplate template, IReadOnlyDictionary<string, object?> model, IReadOnlyDictionary<string, object?> values)
    {
        var context = new TemplateContext(s_options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value);
        }

        context.SetValue("values", values);
        var subject = await template.Subject.RenderAsync(context, NullEncoder.Default);
        var body = await template.Body.RenderAsync(context, NullEncoder.Default);
        return (subject.ReplaceLineEndings(" ").Trim(), body);
    }
}
