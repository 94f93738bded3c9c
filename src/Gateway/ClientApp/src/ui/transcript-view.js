/**
 * The live transcript: finals in full colour (one block per segment, each word with its times and
 * confidence on hover/focus), the current partial in grey replacing itself. Finals are announced
 * politely to screen readers; the ever-changing partial is not.
 */
import { clear, formatTime, h } from './dom.js';

export class TranscriptView {
  constructor() {
    this._finals = h('div', { class: 'finals', 'aria-live': 'polite', 'aria-relevant': 'additions text' });
    this._partial = h('span', { class: 'partial', 'aria-hidden': 'true', 'data-testid': 'partial' });
    this._empty = h('p', { class: 'placeholder' }, 'The transcript appears here while you speak.');
    this.el = h('div', { class: 'transcript', 'data-testid': 'transcript', role: 'log', 'aria-label': 'Live transcript', tabindex: '0' }, this._empty, this._finals, this._partial);
    this._segments = new Map();
  }

  reset() {
    clear(this._finals);
    this._partial.textContent = '';
    this._segments.clear();
    this._empty.hidden = false;
  }

  /** Final text so far (for the summary and exports). */
  get text() {
    return [...this._segments.values()].map((s) => s.textContent.trim()).filter(Boolean).join(' ');
  }

  /** Applies one Transcript event. */
  update(t) {
    if (!t) {
      return;
    }
    this._empty.hidden = true;
    if (!t.isFinal) {
      this._partial.textContent = t.text ?? '';
      this._partialSegment = t.segmentId;
      return;
    }
    const segment = renderSegment(t);
    const existing = this._segments.get(t.segmentId);
    if (existing) {
      existing.replaceWith(segment); // a repeated final (after a resume) replaces, never duplicates
    } else {
      // Keep segments in order even if one arrives late.
      const after = [...this._segments.entries()].filter(([id]) => id > t.segmentId).sort((a, b) => a[0] - b[0])[0];
      if (after) {
        this._finals.insertBefore(segment, after[1]);
      } else {
        this._finals.appendChild(segment);
      }
    }
    this._segments.set(t.segmentId, segment);
    if (this._partialSegment === undefined || this._partialSegment <= t.segmentId) {
      this._partial.textContent = '';
    }
  }

  /** Clears a stale partial (e.g. after stop). */
  endPartial() {
    this._partial.textContent = '';
  }
}

/** One final segment: words as spans with their times (title for hover, aria-label-free text). */
export function renderSegment(t, { wordTag = 'span', onWord } = {}) {
  const segment = h('span', { class: 'segment', dataset: { segment: t.segmentId } });
  const words = t.words ?? [];
  if (words.length === 0) {
    segment.append(t.text ?? '');
  } else {
    words.forEach((w, i) => {
      const confidence = Number.isFinite(w.confidence) ? ` · ${Math.round(w.confidence * 100)} %` : '';
      const title = `${formatTime(w.startMs)} – ${formatTime(w.endMs)}${confidence}`;
      const attrs = { class: 'word', title, dataset: { startMs: w.startMs, endMs: w.endMs } };
      if (wordTag === 'button') {
        Object.assign(attrs, { type: 'button', 'aria-label': `${w.word}, at ${formatTime(w.startMs)}`, 'data-testid': 'session-word' });
        if (onWord) {
          attrs.onclick = () => onWord(w);
        }
      }
      if (Number.isFinite(w.confidence) && w.confidence < 0.5) {
        attrs.class += ' low-confidence';
      }
      segment.append(h(wordTag, attrs, w.word), i < words.length - 1 ? ' ' : '');
    });
  }
  segment.append(' ');
  return segment;
}
