/**
 * Accessible modal dialogs on the native <dialog> element (focus is trapped and restored by the
 * browser, Escape cancels): confirm, ask for text, pick from a list.
 */
import { h } from './dom.js';

function open(title, body, actions) {
  return new Promise((resolve) => {
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    const form = h('form', { method: 'dialog', class: 'dialog-form' });
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId }, form);
    form.append(h('h2', { id: titleId }, title), ...body, h('div', { class: 'dialog-actions' }, ...actions.map((a) => h('button', { value: a.value, class: a.primary ? 'primary' : null, type: 'submit', 'data-testid': a.testid }, a.label))));
    let result = null;
    form.addEventListener('submit', (e) => {
      result = e.submitter?.value ?? null;
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve({ action: result, form });
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}

/** Asks yes/no; resolves true for yes. */
export async function confirmDialog(title, message, yesLabel = 'Delete') {
  const { action } = await open(title, [h('p', {}, message)], [
    { value: 'cancel', label: 'Cancel' },
    { value: 'ok', label: yesLabel, primary: true, testid: 'dialog-confirm' },
  ]);
  return action === 'ok';
}

/** Asks for a line of text; resolves the trimmed text or null. */
export async function promptDialog(title, label, initial = '', okLabel = 'OK') {
  const input = h('input', { type: 'text', name: 'value', value: initial, required: true, 'data-testid': 'dialog-input', autocomplete: 'off' });
  const field = h('label', { class: 'field' }, h('span', {}, label), input);
  queueMicrotask(() => {
    input.focus();
    input.select();
  });
  const { action } = await open(title, [field], [
    { value: 'cancel', label: 'Cancel' },
    { value: 'ok', label: okLabel, primary: true, testid: 'dialog-confirm' },
  ]);
  const value = input.value.trim();
  return action === 'ok' && value ? value : null;
}

/** Lets the user choose one of `options` ({value, label}); resolves the value or null. */
export async function chooseDialog(title, label, options, okLabel = 'Move') {
  const select = h('select', { name: 'choice', 'data-testid': 'dialog-select' }, ...options.map((o) => h('option', { value: o.value }, o.label)));
  const field = h('label', { class: 'field' }, h('span', {}, label), select);
  queueMicrotask(() => select.focus());
  const { action } = await open(title, [field], [
    { value: 'cancel', label: 'Cancel' },
    { value: 'ok', label: okLabel, primary: true, testid: 'dialog-confirm' },
  ]);
  return action === 'ok' ? select.value : null;
}
