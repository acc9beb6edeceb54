// Form behaviour the pages share.

/**
 * Shows (or clears, for an empty text) the problem with one field, in the element #{input.id}-error beside it,
 * and marks the field invalid for assistive technology. Returns true when the field is fine.
 */
export function fieldError(input, text) {
  const error = document.getElementById(`${input.id}-error`);
  error.textContent = text;
  error.hidden = !text;
  input.setAttribute('aria-invalid', String(Boolean(text)));
  return !text;
}
