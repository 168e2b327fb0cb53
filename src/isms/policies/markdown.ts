// Policy Markdown → HTML that is safe to put in a page: marked for the syntax, then sanitize-html
// with a strict allow-list. Raw HTML in the Markdown is shown as text, never interpreted.
import vm from 'node:vm';
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    // Authors write Markdown; HTML they paste in shows as the text they typed.
    html: ({ text }) => escapeHtml(text),
    // Pictures are not part of a policy document (and the page's CSP would block outside ones):
    // the alternative text stands in for them.
    image: ({ text }) => escapeHtml(text),
  },
});

// A document's headings sit under the page's own h1: every level moves down one.
const demote = (to: string) => () => ({ tagName: to, attribs: {} });

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input'],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
    // GFM task lists: a disabled checkbox, nothing else.
    input: ['type', 'checked', 'disabled'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  allowedClasses: {},
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  // Text inside these is dropped with the tag, not shown.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'template'],
  transformTags: {
    h1: demote('h2'),
    h2: demote('h3'),
    h3: demote('h4'),
    h4: demote('h5'),
    h5: demote('h6'),
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } }),
  },
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
};

/** Only checkboxes survive as inputs, and only disabled ones. */
function tameInputs(html: string): string {
  return html.replace(/<input\b([^>]*)>/g, (_m, attrs: string) => `<input type="checkbox" disabled${/\bchecked\b/.test(attrs) ? ' checked' : ''} />`);
}

/**
 * Renders policy Markdown as sanitised HTML. Never throws: text the parser cannot handle (absurd
 * nesting, say) is shown escaped in a preformatted block instead.
 */
export function renderPolicyHtml(markdown: string): string {
  let html: string;
  try {
    html = marked.parse(markdown, { async: false });
  } catch {
    return `<pre>${escapeHtml(markdown)}</pre>`;
  }
  return tameInputs(sanitizeHtml(html, OPTIONS));
}

/** Rendering stopped because the text took longer than its time budget. */
export class RenderTimeout extends Error {
  override name = 'RenderTimeout';
}

const script = new vm.Script('render(src)');

/**
 * Renders like `renderPolicyHtml`, but gives up after `budgetMs`. Some Markdown shapes make the
 * parser's time grow with the square of the line length; the VM's watchdog interrupts such a
 * render (isolate-wide, so it stops the parser itself) instead of letting it stall the server.
 */
export function renderWithinBudget(markdown: string, budgetMs = 1000): string {
  const context = vm.createContext({ render: renderPolicyHtml, src: markdown });
  try {
    return script.runInContext(context, { timeout: budgetMs }) as string;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new RenderTimeout(`rendering took longer than ${budgetMs} ms`);
    throw e;
  }
}
