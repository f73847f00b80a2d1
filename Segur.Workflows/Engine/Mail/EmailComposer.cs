using System.Globalization;
using Fluid;
using Segur.Workflows.Engine.Definitions;

namespace Segur.Workflows.Engine.Mail;

/// <summary>Renders a definition's Liquid e-mail template, in French formatting, as plain text.</summary>
public sealed class EmailComposer
{
    private static readonly TemplateOptions s_options = new() { CultureInfo = CultureInfo.GetCultureInfo("fr-FR") };

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
