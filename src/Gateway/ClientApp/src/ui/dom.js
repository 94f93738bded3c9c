/**
 * Tiny DOM helpers. Text always goes in as text nodes (textContent), never as HTML: server text,
 * transcripts and file names cannot inject markup. No inline styles either (the CSP forbids them).
 */

/**
 * Creates an element.
 * @param {string} tag
 * @param {Record<string, any>} [attrs] attributes; `on*` functions become listeners, `class` a class name,
 *   `dataset` an object of data-* values, booleans toggle boolean attributes
 * @param {...(Node|string|number|null|undefined|false|Array)} children
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) {
        el.dataset[k] = String(v);
      }
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else if (key === 'value' && 'value' in el) {
      el.value = value;
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(el, child);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Removes every child. */
export function clear(el) {
  while (el.firstChild) {
    el.removeChild(el.firstChild);
  }
  return el;
}

/** Replaces an element's children. */
export function replaceChildren(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

/** 83000 → "1:23"; 3723000 → "1:02:03". */
export function formatDuration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = hours > 0 ? String(minutes).padStart(2, '0') : String(minutes);
  return (hours > 0 ? `${hours}:` : '') + `${mm}:${String(seconds).padStart(2, '0')}`;
}

/** Like formatDuration, rounded to the nearest second (for measured times such as chunk bounds). */
export function formatSeconds(ms) {
  return formatDuration(Math.round(ms / 1000) * 1000);
}

/** Milliseconds as "m:ss.cc" for word times. */
export function formatTime(ms) {
  const cs = Math.floor((ms % 1000) / 10);
  return `${formatDuration(ms)}.${String(cs).padStart(2, '0')}`;
}

/** 1536 → "1.5 KB". */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) {
    return '–';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A local date and time for an ISO string. */
export function formatDate(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso ?? '') : d.toLocaleString();
}

/** Saves a blob as a file through a temporary link. */
export function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileName, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Announces a short message to screen readers and shows it briefly. */
export function toast(message, kind = 'info') {
  const region = document.getElementById('toasts');
  if (!region) {
    return;
  }
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : null }, message);
  region.appendChild(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}
