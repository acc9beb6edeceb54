// Behaviour every page shares.

// The language switch submits itself when a choice is made (there is a button when scripts are off).
for (const select of document.querySelectorAll('select[data-autosubmit]')) {
  select.addEventListener('change', () => select.form.requestSubmit());
}
