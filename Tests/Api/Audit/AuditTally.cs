using System.Collections.Concurrent;
using System.Net;

namespace Spaces.Tests.Api.Audit;

/// <summary>What the audit sent and got back, for the assertions and the report.</summary>
public sealed class AuditTally
{
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private int _sent;
    private int _beforeTheApp;

    public int Sent => _sent;

    public IReadOnlyCollection<string> Failures => _failures;

    public int Count(Func<int, bool> status) => _statuses.Where(s => status(s.Key)).Sum(s => s.Value);

    public void Record(HttpStatusCode status)
    {
        Interlocked.Increment(ref _sent);
        _statuses.AddOrUpdate((int)status, 1, (_, n) => n + 1);
    }

    /// <summary>An answer Kestrel gave before any middleware ran (it carries none of the app's headers).</summary>
    public void BeforeTheApp() => Interlocked.Increment(ref _beforeTheApp);

    public void Fail(string what) => _failures.Enqueue(what);

    public string Summary() =>
        $"{Sent} requests; statuses {string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}; "
        + $"5xx: {Count(s => s >= 500)}; answered by Kestrel before the app: {_beforeTheApp}; failures: {_failures.Count}";
}
