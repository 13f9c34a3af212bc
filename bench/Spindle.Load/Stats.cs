namespace Spindle.Load;

/// <summary>Percentiles by nearest rank over one sample set.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Ratio(double value, double baseline) => baseline > 0 ? value / baseline : double.NaN;
}
