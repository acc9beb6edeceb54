using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Storage;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Indexes;

namespace Spaces.Grains;

/// <summary>
/// One list's ids, held in memory and stored in pages: the newest ids (the head, the grain's own state) are written on every
/// change, and every <see cref="PageSize"/> of them are sealed into a page written once (again only when an id is removed
/// from it), so a change writes at most a page's worth however long the list is. A user's list of 1,000 requests was one
/// state of 33 KB, rewritten on each of that user's submissions. Pages live under the grain's id in the same storage,
/// numbered upwards and never reused; the head says which are the list's, so it is written after the pages it names.
/// Reentrant, so that a user's parallel submissions do not queue one write each behind the grain: each call changes the
/// list in its turn (no await in between), and the changes made while a write is in flight share the next write.
/// </summary>
[Reentrant]
public sealed partial class IndexGrain(
    [PersistentState("index", GrainStorage.Name)] IPersistentState<IndexState> index,
    [FromKeyedServices(GrainStorage.Name)] IGrainStorage storage,
    ILogger<IndexGrain> logger) : Grain, IIndexGrain
{
    public const int PageSize = 100;

    /// <summary>The sealed pages, oldest first (numbers <see cref="IndexState.FirstPage"/> on).</summary>
    private readonly List<Page> _pages = [];

    /// <summary>Pages trimmed off the list, cleared once a stored head no longer names them.</summary>
    private readonly List<Page> _dropped = [];

    /// <summary>The callers whose changes the next write carries; null when none waits.</summary>
    private TaskCompletionSource? _next;
    private bool _writing;

    private IndexState Head => index.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        for (var number = Head.FirstPage; number < Head.FirstPage + Head.PageCount; number++)
        {
            var page = new Page(number) { Checked = true };
            await storage.ReadStateAsync(page.StateName, this.GetGrainId(), page.Stored);
            _pages.Add(page);
        }
    }

    public async Task AddAsync(string id)
    {
        if (Add(id))
        {
            await WriteAsync();
        }
    }

    public async Task AddAsync(string id, int keepNewest)
    {
        if (Add(id))
        {
            KeepNewest(keepNewest);
            await WriteAsync();
        }
    }

    public async Task RemoveAsync(string id)
    {
        switch (Find(id))
        {
            case (null, var at):
                Head.Ids.RemoveAt(at);
                break;
            case ({ } page, var at):
                page.Ids.RemoveAt(at);
                page.Unsaved = true;
                break;
            default:
                return;
        }
        await WriteAsync();
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. Listed().Reverse()]);

    /// <summary>Where a listed <paramref name="id"/> is: a sealed page (null for the head) and its place there; null when not listed.</summary>
    private (Page? Page, int At)? Find(string id)
    {
        if (Head.Ids.IndexOf(id) is var inHead and >= 0)
        {
            return (null, inHead);
        }
        for (var i = 0; i < _pages.Count; i++)
        {
            // The oldest page's first Skip ids are trimmed off the list.
            if (_pages[i].Ids.IndexOf(id) is var at && at >= (i == 0 ? Head.Skip : 0))
            {
                return (_pages[i], at);
            }
        }
        return null;
    }

    /// <summary>Every listed id, oldest first.</summary>
    private IEnumerable<string> Listed() =>
        _pages.SelectMany((page, i) => i == 0 ? page.Ids.Skip(Head.Skip) : page.Ids).Concat(Head.Ids);

    private int Count => _pages.Sum(p => p.Ids.Count) - Head.Skip + Head.Ids.Count;

    /// <summary>Adds <paramref name="id"/> unless listed; a full head becomes the newest page.</summary>
    private bool Add(string id)
    {
        if (Find(id) is not null)
        {
            return false;
        }
        Head.Ids.Add(id);
        if (Head.Ids.Count >= PageSize)
        {
            var page = new Page(Head.FirstPage + Head.PageCount) { Unsaved = true };
            page.Ids.AddRange(Head.Ids);
            _pages.Add(page);
            Head.PageCount++;
            Head.Ids = [];
        }
        return true;
    }

    /// <summary>Lets go of the oldest ids past <paramref name="keep"/>: skipped in the oldest page, then whole pages dropped.</summary>
    private void KeepNewest(int keep)
    {
        for (var excess = Count - keep; excess > 0;)
        {
            if (_pages.Count == 0)
            {
                Head.Ids.RemoveRange(0, excess);
                return;
            }
            var listed = _pages[0].Ids.Count - Head.Skip;
            if (excess < listed)
            {
                Head.Skip += excess;
                return;
            }
            excess -= listed;
            _dropped.Add(_pages[0]);
            _pages.RemoveAt(0);
            (Head.FirstPage, Head.PageCount, Head.Skip) = (Head.FirstPage + 1, Head.PageCount - 1, 0);
        }
    }

    /// <summary>Completes once a write that started after this call's change is stored.</summary>
    private Task WriteAsync()
    {
        if (_next is { } waiting)
        {
            return waiting.Task;
        }
        _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stored = _next.Task;
        if (!_writing)
        {
            // Runs until its write's first await now (taking _next), and on in this activation's turns.
            _ = WriteWaitingAsync();
        }
        return stored;
    }

    /// <summary>
    /// Writes while changes wait: the unsaved pages, then the head in the same turn as the last page's write ended (so the
    /// head never names a page not stored), then clears dropped pages. The states are read when each write starts, so a
    /// change made after <see cref="_next"/> was taken waits for the following write. A failed write leaves memory ahead of
    /// the store: the activation is dropped and every waiting caller told to try again.
    /// </summary>
    private async Task WriteWaitingAsync()
    {
        _writing = true;
        while (_next is { } waiting)
        {
            _next = null;
            try
            {
                while (_pages.Find(p => p.Unsaved) is { } page)
                {
                    await StoreAsync(page);
                }
                await index.WriteStateAsync();
                waiting.SetResult();
            }
            catch (Exception)
            {
                DeactivateOnIdle();
                waiting.SetException(SpacesException.StorageUnavailable());
                _next?.SetException(SpacesException.StorageUnavailable());
                _next = null;
                break;
            }
            await ClearDroppedAsync();
        }
        _writing = false;
    }

    private async Task StoreAsync(Page page)
    {
        page.Unsaved = false;
        if (!page.Checked)
        {
            // A page of this number may be stored already: sealed and written just before a crash lost the head naming it.
            var stored = new GrainState<IndexState>(new IndexState());
            await storage.ReadStateAsync(page.StateName, this.GetGrainId(), stored);
            (page.Stored.ETag, page.Checked) = (stored.ETag, true);
        }
        try
        {
            await storage.WriteStateAsync(page.StateName, this.GetGrainId(), page.Stored);
        }
        catch (Exception)
        {
            page.Unsaved = true;
            throw;
        }
    }

    private async Task ClearDroppedAsync()
    {
        while (_dropped.Count > 0)
        {
            var page = _dropped[0];
            _dropped.RemoveAt(0);
            if (page.Stored.ETag is null)
            {
                continue;
            }
            try
            {
                await storage.ClearStateAsync(page.StateName, this.GetGrainId(), page.Stored);
            }
            catch (Exception e)
            {
                // Harmless: no head names it again, and page numbers are never reused.
                Log.ClearFailed(logger, this.GetPrimaryKeyString(), page.Number, e);
            }
        }
    }

    private sealed class Page(int number)
    {
        public int Number => number;

        public string StateName => $"index-page-{number}";

        /// <summary>Its ids (and ETag) as stored or to be stored.</summary>
        public GrainState<IndexState> Stored { get; } = new(new IndexState());

        public List<string> Ids => (Stored.State ??= new IndexState()).Ids;

        /// <summary>Changed since its last write, or never written.</summary>
        public bool Unsaved { get; set; }

        /// <summary>Its stored ETag is known: this activation read the page or wrote it.</summary>
        public bool Checked { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(4201, LogLevel.Information, "Clearing page {Page} of index {Index} failed; it is left behind, unread")]
        public static partial void ClearFailed(ILogger logger, string index, int page, Exception exception);
    }
}
