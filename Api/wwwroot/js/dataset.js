// A dataset's page: tabs, the live state (summary, overview, tokenization, statistics are redrawn by the server
// when a job starts, ends or fails), the sample preview and the tokenization form.
import { send, fragment } from './api.js';
import { t, number, problem } from './text.js';
import { followDataset, stopFollowing, announce } from './dataset-live.js';
import { confirmDelete, importAgain } from './dataset-actions.js';
import { tabs } from './tabs.js';
import { fieldError } from './forms.js';
import { show, hide } from './alerts.js';

const page = document.getElementById('dataset');
const id = page.dataset.datasetId;
const status = document.getElementById('dataset-announce');
const form = document.getElementById('tokenize-form');
const fields = document.getElementById('tokenize-fields');
const formError = document.getElementById('tokenize-error');
const samples = samplePreview(document.getElementById('panel-samples'));

tabs(document.getElementById('dataset-tabs'), {
  onSelect: name => {
    if (name === 'samples') samples.show();
  },
});

const live = followDataset(id, {
  element: () => page,
  load: () => fragment(`/datasets/${id}?handler=Regions`),
  replace: fresh => {
    const focused = document.activeElement;
    for (const region of fresh.querySelectorAll('[data-region]')) {
      page.querySelector(`[data-region="${region.dataset.region}"]`).replaceWith(region);
    }
    for (const key of ['status', 'seq', 'imported', 'canTokenize']) {
      if (fresh.dataset[key] === undefined) delete page.dataset[key]; else page.dataset[key] = fresh.dataset[key];
    }
    fields.disabled = page.dataset.canTokenize !== 'true';
    samples.changed();
    // Focus that sat in a redrawn part (the retry button) goes to the page's heading rather than nowhere.
    if (focused && focused !== document.body && !focused.isConnected) page.querySelector('h1').focus();
  },
});

page.addEventListener('click', async event => {
  const button = event.target.closest('[data-delete], [data-retry]');
  if (!button) return;
  if (button.matches('[data-delete]')) {
    if (await confirmDelete(id, button.dataset.name)) {
      stopFollowing(id);
      location.assign('/datasets');
    }
    return;
  }
  button.disabled = true;
  try {
    const { fresh } = await importAgain(id, button.dataset);
    stopFollowing(id);
    location.assign(`/datasets/${fresh.id}`);
  } catch (error) {
    button.disabled = false;
    page.querySelector('[data-error] .problem').textContent = problem(error);
  }
});

// --- Tokenization form ---

// The server's rule for a tokenizer name (DatasetGrain.TokenizerPattern).
const tokenizerPattern = /^[A-Za-z0-9][\w.-]{0,95}(\/[\w.-]{1,96})?$/;

/** The form's values when they are valid, else null with each problem shown beside its field. */
function validate() {
  const { tokenizer_name: name, max_length: maxLength, stride } = form.elements;
  const limit = Number(maxLength.max);
  const whole = input => (/^\d+$/.test(input.value.trim()) ? Number(input.value.trim()) : NaN);
  const values = { tokenizer_name: name.value.trim(), max_length: whole(maxLength), stride: whole(stride) };
  const checks = [
    fieldError(name, !values.tokenizer_name ? t('dataset.tokenize.tokenizerRequired')
      : tokenizerPattern.test(values.tokenizer_name) ? '' : t('dataset.tokenize.tokenizerInvalid')),
    fieldError(maxLength, values.max_length >= 1 && values.max_length <= limit ? '' : t('dataset.tokenize.maxLengthInvalid', number(limit))),
    fieldError(stride, values.stride >= 0 && values.stride < (values.max_length || 1) ? '' : t('dataset.tokenize.strideInvalid')),
  ];
  const firstBad = [name, maxLength, stride][checks.indexOf(false)];
  firstBad?.focus();
  return firstBad ? null : values;
}

for (const input of form.querySelectorAll('input')) {
  input.addEventListener('input', () => {
    if (input.getAttribute('aria-invalid') === 'true') validate();
  });
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  hide(formError);
  const values = validate();
  if (!values) return;
  fields.disabled = true;
  try {
    await send('POST', form.action, values);
    announce(status, t('dataset.tokenize.started'));
    document.getElementById('panel-tokenization').focus();
    await live.refresh();
  } catch (error) {
    show(formError, problem(error));
    fields.disabled = page.dataset.canTokenize !== 'true';
  }
});

// --- Sample preview ---

/** Pages through GET /api/datasets/{id}/samples once the import has rows; loads when its tab is first shown. */
function samplePreview(panel) {
  const none = panel.querySelector('[data-samples-none]');
  const view = panel.querySelector('[data-samples-view]');
  const table = panel.querySelector('[data-samples-table]');
  const range = panel.querySelector('[data-samples-status]');
  const error = panel.querySelector('[data-samples-error]');
  const previous = panel.querySelector('[data-page="previous"]');
  const next = panel.querySelector('[data-page="next"]');
  const pageSize = 10;
  let offset = 0;
  let total = 0;
  let loaded = false;
  let loading = 0;

  async function load(at) {
    const mine = ++loading;
    range.textContent = t('dataset.samples.loading');
    previous.disabled = next.disabled = true;
    try {
      const rows = await send('GET', `/api/datasets/${id}/samples?offset=${at}&limit=${pageSize}`);
      if (mine !== loading) return;
      offset = at;
      total = rows.total;
      draw(rows.rows);
      loaded = true;
      hide(error);
    } catch (refusal) {
      if (mine !== loading) return;
      range.textContent = '';
      show(error, problem(refusal));
    } finally {
      if (mine === loading) {
        previous.disabled = offset === 0;
        next.disabled = offset + pageSize >= total;
      }
    }
  }

  function draw(rows) {
    const columns = [...new Set(rows.flatMap(row => Object.keys(row)))];
    const numeric = name => rows.every(row => typeof row[name] === 'number');
    const head = document.createElement('tr');
    for (const name of [t('dataset.samples.row'), ...columns]) {
      const cell = document.createElement('th');
      cell.scope = 'col';
      cell.textContent = name;
      if (columns.includes(name) && numeric(name)) cell.className = 'num';
      head.append(cell);
    }
    table.tHead.replaceChildren(head);
    table.tBodies[0].replaceChildren(...rows.map((row, i) => {
      const line = document.createElement('tr');
      const index = document.createElement('th');
      index.scope = 'row';
      index.textContent = number(offset + i + 1);
      line.append(index);
      for (const name of columns) {
        const cell = document.createElement('td');
        const value = row[name];
        if (value === null || value === undefined) {
          cell.className = 'muted';
          cell.textContent = t('dataset.samples.null');
        } else {
          cell.className = typeof value === 'string' ? 'text' : 'num';
          cell.textContent = typeof value === 'string' ? value : JSON.stringify(value);
        }
        line.append(cell);
      }
      return line;
    }));
    range.textContent = rows.length
      ? t('dataset.samples.range', number(offset + 1), number(offset + rows.length), number(total))
      : t('dataset.samples.empty');
  }

  previous.addEventListener('click', () => load(Math.max(0, offset - pageSize)));
  next.addEventListener('click', () => load(offset + pageSize));

  const imported = () => page.dataset.imported === 'true';
  return {
    show: () => {
      if (imported() && !loaded) load(0);
    },
    changed: () => {
      none.hidden = imported();
      view.hidden = !imported();
      if (imported() && !loaded && !panel.hidden) load(0);
    },
  };
}
