using Segur.Workflows.Persistence;

namespace Segur.Workflows.Tests.Persistence;

public sealed class ParisDaysTests
{
    [Fact]
    public void ADayInWinter_StartsAt23hUtcTheDayBefore()
    {
        Assert.Equal(new DateTime(2026, 11, 25, 23, 0, 0, DateTimeKind.Utc), ParisDays.StartUtc(new DateOnly(2026, 11, 26)));
        Assert.Equal(new DateTime(2026, 11, 26, 23, 0, 0, DateTimeKind.Utc), ParisDays.EndUtc(new DateOnly(2026, 11, 26)));
    }

    [Fact]
    public void ADayInSummer_StartsAt22hUtcTheDayBefore() =>
        Assert.Equal(new DateTime(2026, 7, 13, 22, 0, 0, DateTimeKind.Utc), ParisDays.StartUtc(new DateOnly(2026, 7, 14)));
}
