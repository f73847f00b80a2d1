using Segur.Workflows.Engine.Clock;

namespace Segur.Workflows.Tests.Engine;

public sealed class ShiftedClockTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"segur-horloge-{Guid.NewGuid():N}.txt");

    [Fact]
    public async Task TheClock_IsTheSystemClockMovedByTheFilesDuration_AndFollowsTheFileWhenItChanges()
    {
        // Read at every call here (0 ms between reads), so each change is seen at once.
        var clock = new ShiftedClock(_file, recheckMilliseconds: 0);
        Assert.Equal(TimeSpan.Zero, clock.Offset());

        await File.WriteAllTextAsync(_file, "P7DT1H");
        Assert.Equal(TimeSpan.FromHours(7 * 24 + 1), clock.Offset());
        var shift = clock.GetUtcNow() - DateTimeOffset.UtcNow;
        Assert.InRange(shift, TimeSpan.FromHours(7 * 24 + 1) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(7 * 24 + 1) + TimeSpan.FromMinutes(1));

        // Something that is not a duration keeps the last good offset; emptying the file is no offset.
        await File.WriteAllTextAsync(_file, "sept jours");
        Assert.Null(ShiftedClock.Read(_file));
        Assert.Equal(TimeSpan.FromHours(7 * 24 + 1), clock.Offset());
        await File.WriteAllTextAsync(_file, "");
        Assert.Equal(TimeSpan.Zero, clock.Offset());
    }

    public void Dispose()
    {
        File.Delete(_file);
    }
}
