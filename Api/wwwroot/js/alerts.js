// The alert boxes of a page: shown with their text, or hidden again.

/** Shows text in an alert; with focus, moves keyboard focus there too (when the control that acted is gone). */
export function show(element, text, focus = false) {
  element.textContent = text;
  element.hidden = false;
  if (focus) element.focus();
}

export function hide(...elements) {
  for (const element of elements) element.hidden = true;
}
