namespace SdsLedger.Domain.Budgets;

/// <summary>How spending keeps pace with the period: on track, or under or over by more than the tolerance.</summary>
public enum Pace
{
    OnTrack,
    Underspending,
    Overspending,
}

public static class SpendPace
{
    /// <summary>The usual tolerance: 15 percentage points between the share spent and the share of the period elapsed.</summary>
    public const int DefaultTolerancePoints = 15;

    /// <summary>Compares the share spent with the share of the period elapsed (both 0 to 1); a difference of more than the tolerance is flagged.</summary>
    public static Pace Of(decimal shareSpent, decimal shareElapsed, int tolerancePoints = DefaultTolerancePoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerancePoints);
        var gap = (shareSpent - shareElapsed) * 100m;
        return gap > tolerancePoints ? Pace.Overspending : gap < -tolerancePoints ? Pace.Underspending : Pace.OnTrack;
    }
}
