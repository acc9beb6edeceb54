namespace Spaces.Bench;

/// <summary>What the host process writes: a line count, its warn/fail/crit entries and the last lines, for error messages.</summary>
public sealed class HostLog
{
    private const int MaxKeptProblems = 20;
    private const int TailLines = 40;
    private readonly Lock _gate = new();
    private readonly List<string> _problems = [];
    private readonly Queue<string> _tail = new();
    private int _problemCount;
    private int _lines;
    private bool _appendNextLine;

    public int Lines
    {
        get
        {
            lock (_gate)
            {
                return _lines;
            }
        }
    }

    /// <summary>Number of warn/fail/crit entries, and the first few of them (header and message on one line).</summary>
    public (int Count, IReadOnlyList<string> First) Problems
    {
        get
        {
            lock (_gate)
            {
                return (_problemCount, _problems.ToArray());
            }
        }
    }

    public string Tail()
    {
        lock (_gate)
        {
            return string.Join('\n', _tail);
        }
    }

    public void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines++;
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }

            // The console formatter writes "warn: Category[id]" and the message on the next, indented line.
            if (_appendNextLine && _problems.Count > 0)
            {
                _problems[^1] += " " + line.Trim();
                _appendNextLine = false;
            }

            if (line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal)
                || line.StartsWith("crit:", StringComparison.Ordinal))
            {
                _problemCount++;
                if (_problems.Count < MaxKeptProblems)
                {
                    _problems.Add(line.Trim());
                    _appendNextLine = true;
                }
            }
        }
    }
}
