using NodaTime;

namespace SdsLedger.Features.Shared;

/// <summary>"Today" as the council sees it: the date in Scotland (Europe/London), from the one clock the application is given.</summary>
public sealed class CouncilClock(IClock clock)
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Europe/London"];

    public LocalDate Today => clock.GetCurrentInstant().InZone(Zone).Date;
}
