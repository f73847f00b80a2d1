using System.Text.Json;
using Fluid;
using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Engine.Expressions;

namespace Segur.Workflows.Engine.Definitions;

/// <summary>The checks of meaning a schema cannot express; collects every problem, then compiles.</summary>
internal sealed class SemanticCheck(WorkflowDefinition model, ActivityRegistry activities, IReadOnlyList<RequiredRules> requiredRules)
{
    /// <summary>Longest subject or body of an e-mail template, in characters.</summary>
    public const int MaxTemplateLength = 20_000;

    private readonly List<DefinitionProblem> _problems = [];

    public IReadOnlyList<DefinitionProblem> Run(int version, out CompiledDefinition? compiled)
    {
        compiled = null;
        var stateIndex = IndexStates();
        if (!stateIndex.ContainsKey(model.InitialState))
        {
            Problem("$.initialState", $"l'état initial « {model.InitialState} » n'est pas déclaré dans states");
        }

        var templates = CompileTemplates();
        var transitions = CompileTransitions(stateIndex, templates);
        var states = CompileStates(stateIndex, templates);
        CheckReachability(stateIndex);
        CheckLayout(stateIndex);
        foreach (var (path, message) in Budget.EnvelopeRule.Check(model.Rules))
        {
            Problem(path, message);
        }
        CheckRequiredRules();

        if (_problems.Count == 0)
        {
            compiled = new CompiledDefinition(model, version, states, transitions, templates);
        }

        return _problems;
    }

    private Dictionary<string, int> IndexStates()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < model.States.Count; i++)
        {
            if (!index.TryAdd(model.States[i].Code, i))
            {
                Problem($"$.states[{i}].code", $"l'état « {model.States[i].Code} » est déclaré deux fois");
            }
        }

        return index;
    }

    private Dictionary<string, CompiledEmailTemplate> CompileTemplates()
    {
        var result = new Dictionary<string, CompiledEmailTemplate>(StringComparer.Ordinal);
        foreach (var (name, template) in model.EmailTemplates)
        {
            var subject = ParseLiquid($"$.emailTemplates.{name}.subject", template.Subject);
            var body = ParseLiquid($"$.emailTemplates.{name}.body", template.Body);
            if (subject is not null && body is not null)
            {
                result[name] = new CompiledEmailTemplate(subject, body);
            }
        }

        return result;
    }

    private IFluidTemplate? ParseLiquid(string path, string text)
    {
        if (text.Length > MaxTemplateLength)
        {
            Problem(path, $"le gabarit fait {text.Length} caractères : {MaxTemplateLength} au plus");
            return null;
        }

        if (DefinitionCompiler.Liquid.TryParse(text, out var template, out var error))
        {
            return template;
        }

        Problem(path, $"gabarit Liquid invalide : {error}");
        return null;
    }

    private List<CompiledTransition> CompileTransitions(
        Dictionary<string, int> states, Dictionary<string, CompiledEmailTemplate> templates)
    {
        var compiled = new List<CompiledTransition>();
        for (var i = 0; i < model.Transitions.Count; i++)
        {
            var t = model.Transitions[i];
            var path = $"$.transitions[{i}]";
            if (!states.TryGetValue(t.From, out var fromIndex))
            {
                Problem(path + ".from", $"l'état de départ « {t.From} » n'est pas déclaré dans states");
            }
            else if (model.States[fromIndex].Final)
            {
                Problem(path + ".from", $"l'état « {t.From} » est final : aucune transition ne peut en partir");
            }

            if (!states.ContainsKey(t.To))
            {
                Problem(path + ".to", $"l'état d'arrivée « {t.To} » n'est pas déclaré dans states");
            }

            CheckRoles(path + ".roles", t.Roles);
            CheckOverlap(i);
            CheckFields(path, t.Fields);
            var guard = t.Guard is null ? null : ParseExpression(path + ".guard", t.Guard);
            var acts = CompileActivities(path + ".activities", t.Activities, templates);
            compiled.Add(new CompiledTransition(t, guard, acts));
        }

        return compiled;
    }

    private void CheckOverlap(int i)
    {
        var t = model.Transitions[i];
        for (var j = 0; j < i; j++)
        {
            var other = model.Transitions[j];
            if (other.From != t.From || other.Trigger != t.Trigger)
            {
                continue;
            }

            if (t.Guard is null || other.Guard is null || Normalize(t.Guard) == Normalize(other.Guard))
            {
                Problem($"$.transitions[{i}].trigger",
                    $"le déclencheur « {t.Trigger} » depuis « {t.From} » est déjà défini en $.transitions[{j}] " +
                    "et les deux gardes peuvent être vraies en même temps (donnez à chacune une garde distincte)");
            }
        }

        static string Normalize(string guard) => string.Concat(guard.Where(c => !char.IsWhiteSpace(c)));
    }

    private void CheckFields(string path, IReadOnlyList<FormField> fields)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            if (!seen.Add(fields[i].Name))
            {
                Problem($"{path}.fields[{i}].name", $"le champ « {fields[i].Name} » est déclaré deux fois");
            }
        }
    }

    private List<CompiledState> CompileStates(Dictionary<string, int> states, Dictionary<string, CompiledEmailTemplate> templates)
    {
        var compiled = new List<CompiledState>();
        for (var i = 0; i < model.States.Count; i++)
        {
            var s = model.States[i];
            var path = $"$.states[{i}]";
            CheckRoles(path + ".visibleTo", s.VisibleTo);
            var leaving = model.Transitions.Where(t => t.From == s.Code).ToList();

            for (var k = 0; k < s.Tasks.Count; k++)
            {
                var task = s.Tasks[k];
                CheckRoles($"{path}.tasks[{k}].roles", task.Roles);
                if (task.DueIn is not null && !Durations.TryParse(task.DueIn, out _))
                {
                    Problem($"{path}.tasks[{k}].dueIn", $"« {task.DueIn} » n'est pas une durée ISO-8601 (exemple : P10D)");
                }

                foreach (var (outcome, trigger) in task.Outcomes)
                {
                    if (!leaving.Any(t => t.Trigger == trigger))
                    {
                        Problem($"{path}.tasks[{k}].outcomes.{outcome}",
                            $"aucune transition ne part de « {s.Code} » avec le déclencheur « {trigger} »");
                    }
                }
            }

            CheckDocuments(path + ".documents", s, leaving);
            var timers = new List<CompiledTimer>();
            for (var k = 0; k < s.Timers.Count; k++)
            {
                var timer = s.Timers[k];
                var timerPath = $"{path}.timers[{k}]";
                if (!leaving.Any(t => t.Trigger == timer.Trigger && t.Roles.Contains("Systeme")))
                {
                    Problem(timerPath + ".trigger",
                        $"aucune transition ne part de « {s.Code} » avec le déclencheur « {timer.Trigger} » pour le rôle Systeme");
                }

                if (Expression.IsExpressionText(timer.After))
                {
                    var expression = ParseExpression(timerPath + ".after", timer.After[1..]);
                    timers.Add(new CompiledTimer(timer.Trigger, null, expression));
                }
                else if (Durations.TryParse(timer.After, out var delay))
                {
                    timers.Add(new CompiledTimer(timer.Trigger, delay, null));
                }
                else
                {
                    Problem(timerPath + ".after", $"« {timer.After} » n'est pas une durée ISO-8601 (exemple : P7D) ni une expression « =… »");
                }
            }

            compiled.Add(new CompiledState(s, CompileActivities(path + ".onEntry", s.OnEntry, templates), timers));
        }

        return compiled;
    }

    private List<CompiledActivity> CompileActivities(
        string path, IReadOnlyList<ActivityInvocation> invocations, Dictionary<string, CompiledEmailTemplate> templates)
    {
        var compiled = new List<CompiledActivity>();
        for (var i = 0; i < invocations.Count; i++)
        {
            var invocation = invocations[i];
            var activityPath = $"{path}[{i}]";
            var activity = activities.Find(invocation.Type);
            if (activity is null)
            {
                Problem(activityPath + ".type", $"l'activité « {invocation.Type} » n'existe pas " +
                    $"(activités connues : {string.Join(", ", activities.All.Select(a => a.Descriptor.Name).Order())})");
                continue;
            }

            var inputs = new Dictionary<string, InputValue>(StringComparer.Ordinal);
            foreach (var (name, value) in invocation.Inputs)
            {
                var inputPath = $"{activityPath}.inputs.{name}";
                var descriptor = activity.Descriptor.FindInput(name);
                if (descriptor is null)
                {
                    Problem(inputPath, $"l'activité « {invocation.Type} » n'a pas d'entrée « {name} »");
                    continue;
                }

                if (CompileInput(inputPath, descriptor, value, templates) is { } input)
                {
                    inputs[name] = input;
                }
            }

            foreach (var missing in activity.Descriptor.Inputs.Where(d => d.Required && !invocation.Inputs.ContainsKey(d.Name)))
            {
                Problem(activityPath + ".inputs", $"l'entrée obligatoire « {missing.Name} » de l'activité « {invocation.Type} » manque");
            }

            foreach (var rule in activity.Descriptor.RequiredRules.Where(r => !model.Rules.ContainsKey(r)))
            {
                Problem(activityPath + ".type", $"l'activité « {invocation.Type} » lit la règle « {rule} », absente de rules");
            }

            compiled.Add(new CompiledActivity(activity, inputs, activityPath));
        }

        return compiled;
    }

    private InputValue? CompileInput(
        string path, ActivityInput descriptor, JsonElement value, Dictionary<string, CompiledEmailTemplate> templates)
    {
        var isExpression = value.ValueKind == JsonValueKind.String && Expression.IsExpressionText(value.GetString());
        if (descriptor.Kind == InputKind.EmailTemplate)
        {
            if (value.ValueKind != JsonValueKind.String || isExpression)
            {
                Problem(path, "le nom du gabarit d'e-mail doit être écrit tel quel, pas calculé");
                return null;
            }

            if (!model.EmailTemplates.ContainsKey(value.GetString()!))
            {
                Problem(path, $"le gabarit d'e-mail « {value.GetString()} » n'existe pas dans emailTemplates");
                return null;
            }
        }
        else if (!isExpression && !LiteralFits(descriptor.Kind, value))
        {
            Problem(path, $"valeur attendue : {KindLabel(descriptor.Kind)}");
            return null;
        }

        try
        {
            return InputValue.Compile(value);
        }
        catch (ExpressionSyntaxException ex)
        {
            Problem(path, ex.Message);
            return null;
        }
    }

    private static bool LiteralFits(InputKind kind, JsonElement value) => kind switch
    {
        InputKind.Number => value.ValueKind == JsonValueKind.Number,
        InputKind.Object => value.ValueKind == JsonValueKind.Object,
        InputKind.Date => value.ValueKind == JsonValueKind.String && DateOnly.TryParse(value.GetString(), out _),
        _ => value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False,
    };

    private static string KindLabel(InputKind kind) => kind switch
    {
        InputKind.Number => "un nombre",
        InputKind.Object => "un objet",
        InputKind.Date => "une date (aaaa-mm-jj)",
        _ => "un texte",
    };

    private void CheckRoles(string path, IReadOnlyList<string> roles)
    {
        for (var i = 0; i < roles.Count; i++)
        {
            if (!DefinitionCompiler.Roles.Contains(roles[i]))
            {
                Problem($"{path}[{i}]", $"le rôle « {roles[i]} » n'existe pas (rôles : {string.Join(", ", DefinitionCompiler.Roles)})");
            }
        }
    }

    private void CheckReachability(Dictionary<string, int> states)
    {
        if (!states.ContainsKey(model.InitialState))
        {
            return;
        }

        var reached = new HashSet<string>(StringComparer.Ordinal) { model.InitialState };
        var queue = new Queue<string>(reached);
        while (queue.TryDequeue(out var state))
        {
            foreach (var t in model.Transitions.Where(t => t.From == state))
            {
                if (reached.Add(t.To))
                {
                    queue.Enqueue(t.To);
                }
            }
        }

        foreach (var (code, index) in states)
        {
            if (!reached.Contains(code))
            {
                Problem($"$.states[{index}]", $"l'état « {code} » est inatteignable depuis l'état initial « {model.InitialState} »");
            }
        }
    }

    private void CheckLayout(Dictionary<string, int> states)
    {
        foreach (var code in model.Layout?.States.Keys ?? Enumerable.Empty<string>())
        {
            if (!states.ContainsKey(code))
            {
                Problem($"$.layout.states.{code}", $"la disposition cite l'état « {code} » qui n'est pas déclaré");
            }
        }
    }

    private void CheckDocuments(string path, StateDefinition state, IReadOnlyList<TransitionDefinition> leaving)
    {
        if (state.Documents?.Trigger is not { } trigger)
        {
            return;
        }

        if (state.Final)
        {
            Problem(path, $"l'état « {state.Code} » est final : il ne peut pas recevoir de pièces");
        }
        else if (!leaving.Any(t => t.Trigger == trigger && t.Roles.Contains("Fournisseur")))
        {
            Problem(path + ".trigger", $"aucune transition ne part de « {state.Code} » avec le déclencheur « {trigger} » pour le rôle Fournisseur");
        }
    }

    /// <summary>The rules code outside the definition reads for this subject type: present, and of the right kind.</summary>
    private void CheckRequiredRules()
    {
        foreach (var required in requiredRules.Where(r => r.DefinitionId == model.Id).SelectMany(r => r.Rules))
        {
            var path = $"$.rules.{required.Name}";
            if (!model.Rules.TryGetValue(required.Name, out var value))
            {
                Problem("$.rules", $"la règle « {required.Name} » manque : {required.NeededBy} la lit");
                continue;
            }

            var fits = required.Kind switch
            {
                RuleKind.Number => value.ValueKind == JsonValueKind.Number,
                RuleKind.Duration => value.ValueKind == JsonValueKind.String && Durations.TryParse(value.GetString()!, out _),
                _ => value.ValueKind == JsonValueKind.Object,
            };
            if (!fits)
            {
                Problem(path, required.Kind switch
                {
                    RuleKind.Number => $"un nombre est attendu ({required.NeededBy} la lit)",
                    RuleKind.Duration => $"une durée ISO-8601 est attendue, par exemple P7D ({required.NeededBy} la lit)",
                    _ => $"une table est attendue ({required.NeededBy} la lit)",
                });
            }
        }
    }

    private Expression? ParseExpression(string path, string source)
    {
        try
        {
            return Expression.Parse(source);
        }
        catch (ExpressionSyntaxException ex)
        {
            Problem(path, ex.Message);
            return null;
        }
    }

    private void Problem(string path, string message) => _problems.Add(new DefinitionProblem(path, message));
}
