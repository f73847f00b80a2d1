using Fluid;
using Fluid.Ast;
using Fluid.Parser;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Mail;

namespace Segur.Workflows.Engine.Versions;

public sealed record TemplatePreviewResult(string? Subject, string? Body, IReadOnlyList<string> Errors);

/// <summary>
/// Renders an e-mail template of a definition on sample values, as SendEmail would, and names every field the
/// template reads that does not exist (a misspelt <c>subject.numeroAps</c> would otherwise print nothing).
/// </summary>
public sealed class TemplatePreview(EmailComposer composer)
{
    private static readonly string[] s_instanceFields = ["id", "state", "stateLabel", "version"];
    private static readonly string[] s_actorFields = ["id", "roles", "supplierId"];

    public async Task<TemplatePreviewResult> RenderAsync(
        WorkflowDefinition definition, string subjectText, string bodyText, CancellationToken ct = default)
    {
        var errors = new List<string>();
        var subject = Parse("objet", subjectText, errors);
        var body = Parse("corps", bodyText, errors);
        if (subject is null || body is null)
        {
            return new TemplatePreviewResult(null, null, errors);
        }

        var facts = SampleSubjects.For(definition.SubjectType);
        var rules = PlainData.FromRules(definition.Rules);
        var values = ValuesOf(definition);
        var known = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal)
        {
            ["subject"] = facts.Keys.ToList(),
            ["rules"] = rules.Keys.ToList(),
            ["values"] = values.Keys.ToList(),
            ["instance"] = s_instanceFields,
            ["actor"] = s_actorFields,
        };
        foreach (var path in Fields(subject).Concat(Fields(body)).Distinct())
        {
            if (path.Count == 0 || !known.TryGetValue(path[0], out var fields))
            {
                continue; // a loop variable or an assign: not ours to check
            }

            if (path.Count == 1 || !fields.Contains(path[1]))
            {
                errors.Add(path.Count == 1
                    ? $"« {path[0]} » seul ne s'affiche pas : nommez un champ, par exemple {path[0]}.{fields.FirstOrDefault()}"
                    : $"le champ « {path[0]}.{path[1]} » n'existe pas (champs de {path[0]} : {string.Join(", ", fields.Order())})");
            }
        }

        var model = new Dictionary<string, object?>
        {
            ["subject"] = facts,
            ["rules"] = rules,
            ["instance"] = new Dictionary<string, object?> { ["id"] = Guid.Empty, ["state"] = definition.InitialState, ["stateLabel"] = "État", ["version"] = 1 },
            ["actor"] = new Dictionary<string, object?> { ["id"] = "GES-0001", ["roles"] = new[] { "Gestionnaire" }, ["supplierId"] = null },
        };
        try
        {
            var (renderedSubject, renderedBody) = await composer.ComposeAsync(new CompiledEmailTemplate(subject, body), model, values);
            return new TemplatePreviewResult(renderedSubject, renderedBody, errors);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            errors.Add($"le gabarit ne se rend pas : {ex.Message}");
            return new TemplatePreviewResult(null, null, errors);
        }
    }

    /// <summary>Sample values for <c>values.x</c>: every name the definition's SendEmail activities pass, shown as «x».</summary>
    private static Dictionary<string, object?> ValuesOf(WorkflowDefinition definition)
    {
        var invocations = definition.Transitions.SelectMany(t => t.Activities).Concat(definition.States.SelectMany(s => s.OnEntry));
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var invocation in invocations)
        {
            if (invocation.Inputs.TryGetValue("values", out var given) && given.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var property in given.EnumerateObject())
                {
                    values[property.Name] = $"«{property.Name}»";
                }
            }
        }

        return values;
    }

    private static IFluidTemplate? Parse(string part, string text, List<string> errors)
    {
        if (text.Length > SemanticCheck.MaxTemplateLength)
        {
            errors.Add($"{part} : {text.Length} caractères, {SemanticCheck.MaxTemplateLength} au plus");
            return null;
        }

        if (DefinitionCompiler.Liquid.TryParse(text, out var template, out var error))
        {
            return template;
        }

        errors.Add($"{part} : gabarit Liquid invalide : {error}");
        return null;
    }

    private static List<List<string>> Fields(IFluidTemplate template)
    {
        var visitor = new FieldVisitor();
        if (template is FluidTemplate fluid)
        {
            foreach (var statement in fluid.Statements)
            {
                visitor.Visit(statement);
            }
        }

        return visitor.Paths;
    }

    private sealed class FieldVisitor : AstVisitor
    {
        public List<List<string>> Paths { get; } = [];

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            Paths.Add(memberExpression.Segments.TakeWhile(s => s is IdentifierSegment).Select(s => ((IdentifierSegment)s).Identifier).ToList());
            return base.VisitMemberExpression(memberExpression);
        }
    }
}
