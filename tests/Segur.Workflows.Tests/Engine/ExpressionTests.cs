using System.Diagnostics;
using Segur.Workflows.Engine.Expressions;

namespace Segur.Workflows.Tests.Engine;

public sealed class ExpressionTests
{
    private static ExpressionScope Scope() => new(new Dictionary<string, object?>
    {
        ["subject"] = new Dictionary<string, object?> { ["type"] = "avance", ["montant"] = 1200m, ["lignes"] = new List<object?> { 1m, 2m } },
        ["rules"] = new Dictionary<string, object?> { ["pourcentageAvance"] = 30m },
    });

    [Fact]
    public void AnExpression_ReadsTheSubjectAndTheRules()
    {
        var scope = Scope();
        Assert.Equal(360d, scope.Evaluate(Expression.Parse("subject.montant * rules.pourcentageAvance / 100")));
        Assert.True(scope.EvaluateBoolean(Expression.Parse("subject.type === 'avance' && subject.lignes.length === 2")));
    }

    [Fact]
    public void AnExpression_CannotChangeTheDataItSees()
    {
        var failure = Assert.Throws<ExpressionFailedException>(() => Scope().Evaluate(Expression.Parse("subject.montant = 0")));
        Assert.Contains("subject.montant = 0", failure.Message);
        Assert.Throws<ExpressionFailedException>(() => Scope().Evaluate(Expression.Parse("subject.lignes.push(3)")));
    }

    [Fact]
    public void AnEndlessLoop_IsStopped_QuicklyAndClearly()
    {
        // The process's first Jint engine costs seconds on a busy machine (it sorts the time zones through ICU, decision
        // 0230): made before the watch starts, so the bound times the loop's stop (50,000 statements), not that.
        var scope = Scope();
        scope.Evaluate(Expression.Parse("1"));
        var watch = Stopwatch.StartNew();
        var failure = Assert.Throws<ExpressionFailedException>(() => scope.Evaluate(Expression.Parse("(() => { for (;;) {} })()")));
        Assert.Contains("boucle sans fin", failure.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {watch.Elapsed}");
    }

    [Fact]
    public void AnExpressionThatThrows_IsReported_WithItsSource()
    {
        var failure = Assert.Throws<ExpressionFailedException>(() => Scope().Evaluate(Expression.Parse("subject.absent.champ")));
        Assert.Contains("subject.absent.champ", failure.Message);
    }

    [Fact]
    public void ASyntaxError_IsReported_InFrench()
    {
        var failure = Assert.Throws<ExpressionSyntaxException>(() => Expression.Parse("subject.montant >"));
        Assert.StartsWith("Expression invalide « subject.montant > »", failure.Message);
    }

    [Fact]
    public void AParsedExpression_IsReused_AcrossScopes()
    {
        var expression = Expression.Parse("subject.montant + 1");
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(1201d, Scope().Evaluate(expression));
        }
    }
}
