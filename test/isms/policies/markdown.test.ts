// The policy renderer: Markdown becomes HTML from a strict allow-list; hostile input is neutralised.
import { describe, expect, it } from 'vitest';
import { renderPolicyHtml, renderWithinBudget, RenderTimeout } from '../../../src/isms/policies/markdown.js';

/** Every tag name in the output, lower-cased. */
const tags = (html: string) => [...html.matchAll(/<\s*([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());
const ALLOWED = new Set(['p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input']);

/** Checks every real tag (text `<` is escaped, so any `<` left opens a tag the sanitiser allowed). */
function expectSafe(html: string) {
  for (const tag of tags(html)) expect(ALLOWED, `<${tag}> in ${html}`).toContain(tag);
  for (const [markup] of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    // The sanitiser writes attributes as name="value" with the value escaped: read them that way.
    const attrs = [...markup.matchAll(/\s([a-zA-Z-]+)(?:="([^"]*)")?/g)].map((m) => ({ name: m[1]!.toLowerCase(), value: m[2] ?? '' }));
    for (const a of attrs) {
      expect(['href', 'title', 'rel', 'start', 'align', 'type', 'checked', 'disabled'], markup).toContain(a.name);
      if (a.name === 'href') expect(a.value, markup).toMatch(/^(https?:|mailto:)/i);
    }
  }
  expect(html).not.toMatch(/<script/i);
}

describe('renderPolicyHtml', () => {
  it('renders the Markdown a policy uses: headings one level down, lists, tables, emphasis, links', () => {
    const html = renderPolicyHtml('# Purpose\n\nWe **protect** _data_.\n\n- one\n- two\n\n1. first\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n[Traficom](https://www.traficom.fi/) and <https://example.com>');
    expect(html).toContain('<h2>Purpose</h2>');
    expect(html).toContain('<strong>protect</strong>');
    expect(html).toContain('<em>data</em>');
    expect(html).toContain('<li>two</li>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<td align="center">2</td>');
    expect(html).toContain('<a href="https://www.traficom.fi/" rel="noopener noreferrer nofollow">Traficom</a>');
    expect(html).toContain('href="https://example.com"');
    expectSafe(html);
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['a script tag inside a paragraph', 'Hello <script>alert(1)</script> world', '&lt;script&gt;'],
    ['an event handler on raw HTML', '<div onmouseover="alert(1)">hover</div>', '&lt;div onmouseover='],
    ['an image with onerror', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>', '&lt;iframe'],
    ['a style tag', '<style>body{display:none}</style>', '&lt;style&gt;'],
    ['an svg with script', '<svg><script>alert(1)</script></svg>', '&lt;svg&gt;'],
  ])('shows %s as text, never as markup', (_name, md, shown) => {
    const html = renderPolicyHtml(md);
    expect(html).toContain(shown);
    expectSafe(html);
  });

  it.each([
    ['javascript: link', '[click](javascript:alert(1))'],
    ['mixed-case javascript: link', '[click](JaVaScRiPt:alert(document.cookie))'],
    ['entity-encoded javascript: link', '[click](&#106;avascript:alert(1))'],
    ['data: URL link', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['vbscript: link', '[click](vbscript:msgbox(1))'],
    ['protocol-relative link', '[click](//evil.example/x)'],
  ])('drops the target of a %s but keeps its text', (_name, md) => {
    const html = renderPolicyHtml(md);
    expect(html).toContain('click');
    expect(html).not.toContain('href=');
    expectSafe(html);
  });

  it('shows an image as its alternative text: no <img>, no data: URL', () => {
    for (const md of ['![a chart](data:image/png;base64,iVBORw0KGgo=)', '![logo](https://example.com/logo.png "title")', '![x](javascript:alert(1))']) {
      const html = renderPolicyHtml(md);
      expect(html).not.toContain('<img');
      expectSafe(html);
    }
    expect(renderPolicyHtml('![a chart](data:image/png;base64,AAAA)')).toContain('a chart');
  });

  it('keeps task-list checkboxes as disabled checkboxes only', () => {
    const html = renderPolicyHtml('- [x] done\n- [ ] open');
    expect(html).toContain('<input type="checkbox" disabled checked />');
    expect(html).toContain('<input type="checkbox" disabled />');
    expectSafe(html);
  });

  it('escapes HTML inside code and keeps code readable', () => {
    const html = renderPolicyHtml('Use `<b>` and\n\n```\n<script>alert(1)</script>\n```');
    expect(html).toContain('<code>&lt;b&gt;</code>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expectSafe(html);
  });

  it('neutralises attribute breakouts in link titles and targets', () => {
    const html = renderPolicyHtml('[x](https://example.com "a\\" onmouseover=\\"alert(1)") [y](https://example.com/"><script>alert(1)</script>)');
    expectSafe(html);
  });
});

describe('renderWithinBudget', () => {
  it('renders ordinary text like renderPolicyHtml', () => {
    expect(renderWithinBudget('## Scope\n\nAll systems.')).toBe(renderPolicyHtml('## Scope\n\nAll systems.'));
  });

  it('stops a render that takes too long instead of stalling the server', () => {
    // This shape makes the parser's time grow with the square of the line length.
    const hostile = ('*_a'.repeat(1000) + '\n\n').repeat(33);
    const started = Date.now();
    expect(() => renderWithinBudget(hostile, 200)).toThrow(RenderTimeout);
    expect(Date.now() - started).toBeLessThan(2000);
    // The renderer still works afterwards.
    expect(renderWithinBudget('**ok**')).toContain('<strong>ok</strong>');
  });
});
