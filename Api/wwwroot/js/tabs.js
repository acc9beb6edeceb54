// An ARIA tablist: click, or arrow keys, Home and End to move between tabs (a tab shows its panel as it gets focus);
// only the selected tab is in the Tab order. The selected tab is kept in the address (#statistics), so a reload or
// a shared link opens the same tab.

/** Wires up a [role=tablist]; onSelect(name) runs whenever a tab is shown. Returns { select(name) }. */
export function tabs(tablist, { onSelect } = {}) {
  const all = [...tablist.querySelectorAll('[role="tab"]')];

  const select = (tab, { focus = false, remember = true } = {}) => {
    for (const other of all) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
    if (remember) history.replaceState(history.state, '', `#${tab.dataset.tab}`);
    onSelect?.(tab.dataset.tab);
  };

  tablist.addEventListener('click', event => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) select(tab);
  });

  tablist.addEventListener('keydown', event => {
    const index = all.indexOf(document.activeElement);
    if (index < 0) return;
    const target = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: all.length - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    select(all[(target + all.length) % all.length], { focus: true });
  });

  const fromAddress = () => {
    const named = all.find(tab => `#${tab.dataset.tab}` === location.hash);
    if (named) select(named, { remember: false });
  };
  fromAddress();
  window.addEventListener('hashchange', fromAddress);

  return {
    select: name => {
      const tab = all.find(t => t.dataset.tab === name);
      if (tab) select(tab);
    },
  };
}
