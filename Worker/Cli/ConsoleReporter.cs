namespace Spaces.Worker.Cli;

/// <summary>Writes the mock app's console format: <c>[yyyy-MM-dd HH:mm:ss] [LEVEL] message</c>, plus indented detail lines.</summary>
public sealed class ConsoleReporter(TextWriter output, TimeProvider time, bool verbose)
{
    private const string Rule = "======================================================================";
    private readonly Lock _gate = new(); // events arrive from several threads; lines must not interleave

    public bool IsVerbose => verbose;

    public void Banner(string title, IEnumerable<(string Label, string Value)> fields)
    {
        lock (_gate)
        {
            output.WriteLine(Rule);
            output.WriteLine($"  {title}");
            output.WriteLine(Rule);
            foreach (var (label, value) in fields)
            {
                output.WriteLine($"  {label}: {value}");
            }

            output.WriteLine(Rule);
            output.WriteLine();
        }
    }

    public void Info(string message) => Line("INFO", message);

    public void Success(string message) => Line("✓", message);

    public void Request(string message) => Line("REQUEST", message);

    public void Result(string message) => Line("RESULT", message);

    public void Error(string message) => Line("ERROR", message);

    /// <summary>An indented line under the previous one; with <paramref name="verboseOnly"/> only shown with --verbose.</summary>
    public void Detail(string message, bool verboseOnly = false)
    {
        if (verboseOnly && !verbose)
        {
            return;
        }

        lock (_gate)
        {
            output.WriteLine($"  {message}");
        }
    }

    private void Line(string level, string message)
    {
        var now = time.GetLocalNow();
        lock (_gate)
        {
            output.WriteLine($"[{now:yyyy-MM-dd HH:mm:ss}] [{level}] {message}");
        }
    }
}
