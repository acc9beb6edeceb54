namespace Spaces.Bench.Compare;

/// <summary>The machine's load average, because these figures come from a shared machine whose load changes during a run.</summary>
public static class LoadAverage
{
    /// <summary>"1.23 / 0.98 / 0.75" (1, 5 and 15 minutes), from /proc/loadavg.</summary>
    public static string Read()
    {
        var fields = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"load average {fields[0]} / {fields[1]} / {fields[2]} (1 / 5 / 15 min)";
    }
}
