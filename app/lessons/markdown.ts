// Lesson Markdown to safe HTML: rendered by marked, then sanitised by DOMPurify (HTML only: no
// SVG or MathML, no forms, no styles; images only as data: URIs, so a lesson makes no request
// off the page). Links open in a new tab with rel="noopener noreferrer". A lesson never runs
// script: DOMPurify removes <script>, event-handler attributes and javascript: URLs.
import { marked } from 'marked';
import DOMPurify from 'dompurify';

const purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
  // A code block (the draft's figures, a console transcript) scrolls sideways on a narrow pane: focusable,
  // so a keyboard can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
  if (node.tagName === 'PRE') node.setAttribute('tabindex', '0');
  if (node.tagName === 'IMG' && !/^data:image\/(png|gif|jpeg|webp);/i.test(node.getAttribute('src') ?? ''))
    node.removeAttribute('src');
});

const OPTIONS = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
  FORBID_ATTR: ['style'],
};

/** A block of lesson Markdown as sanitised HTML. */
export function renderMarkdown(md: string): string {
  return purify.sanitize(marked.parse(md, { async: false, gfm: true }), OPTIONS);
}

/** One line of lesson Markdown (a task) as sanitised inline HTML. */
export function renderInline(md: string): string {
  return purify.sanitize(marked.parseInline(md, { async: false, gfm: true }), OPTIONS);
}
