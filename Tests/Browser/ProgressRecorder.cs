using System.Text.Json;
using Microsoft.Playwright;

namespace Spaces.Tests.Browser;

/// <summary>
/// Watches dataset elements (<c>[data-dataset-id]</c>) from inside the page with a MutationObserver, so nothing the
/// page shows between two polls is missed: every status, percentage and message it showed, and every channel seq it
/// wrote (<c>data-seq</c>, once per event drawn; the same seq twice would be an event drawn twice).
/// </summary>
public sealed class ProgressRecorder
{
    public sealed record Frame(string Id, string Status, double? Percent, string? Message);

    public sealed record SeqWrite(string Id, long? Seq);

    private const string Script = """
        root => {
          const target = document.querySelector(root);
          const log = window.__datasetLog = { frames: [], seqs: [] };
          const elements = () => target.matches('[data-dataset-id]') ? [target] : [...target.querySelectorAll('[data-dataset-id]')];
          const last = new Map();
          const note = () => {
            for (const element of elements()) {
              const id = element.dataset.datasetId;
              const text = element.querySelector('[data-progress-text]')?.textContent ?? null;
              const frame = {
                id,
                status: element.dataset.status,
                percent: text === null ? null : parseFloat(text.replace(/,/g, '')),
                message: element.querySelector('[data-message]')?.textContent ?? null,
              };
              const key = JSON.stringify(frame);
              if (last.get(id) !== key) {
                last.set(id, key);
                log.frames.push(frame);
              }
            }
          };
          new MutationObserver(records => {
            // Old values give every write in order, even two in one batch: each write's value is the next one's old value.
            const writes = new Map();
            for (const record of records) {
              if (record.type !== 'attributes' || record.attributeName !== 'data-seq') continue;
              if (!writes.has(record.target)) writes.set(record.target, []);
              writes.get(record.target).push(record.oldValue);
            }
            for (const [element, olds] of writes) {
              const values = [...olds.slice(1), element.getAttribute('data-seq')];
              for (const value of values) log.seqs.push({ id: element.dataset.datasetId, seq: value === null ? null : Number(value) });
            }
            note();
          }).observe(target, { subtree: true, childList: true, characterData: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-seq', 'data-status'] });
          note();
        }
        """;

    private readonly IPage _page;

    private ProgressRecorder(IPage page) => _page = page;

    /// <summary>Starts recording the dataset elements under (or at) <paramref name="rootSelector"/>.</summary>
    public static async Task<ProgressRecorder> StartAsync(IPage page, string rootSelector)
    {
        await page.EvaluateAsync(Script, rootSelector);
        return new ProgressRecorder(page);
    }

    public async Task<IReadOnlyList<Frame>> FramesAsync(string? datasetId = null)
    {
        var frames = await ReadAsync<List<Frame>>("frames");
        return [.. frames.Where(f => datasetId is null || f.Id == datasetId)];
    }

    public async Task<IReadOnlyList<long?>> SeqWritesAsync(string datasetId)
    {
        var writes = await ReadAsync<List<SeqWrite>>("seqs");
        return [.. writes.Where(w => w.Id == datasetId).Select(w => w.Seq)];
    }

    /// <summary>The percentages shown while the dataset had <paramref name="status"/>, in the order they were shown.</summary>
    public async Task<IReadOnlyList<double>> PercentsAsync(string datasetId, string status) =>
        [.. (await FramesAsync(datasetId)).Where(f => f.Status == status && f.Percent is not null).Select(f => f.Percent!.Value)];

    private async Task<T> ReadAsync<T>(string part)
    {
        var json = await _page.EvaluateAsync<string>($"() => JSON.stringify(window.__datasetLog.{part})");
        return JsonSerializer.Deserialize<T>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"The page has no recorded {part}");
    }
}
