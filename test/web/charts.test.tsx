// The SVG chart module: escaped labels, text alternatives, empty data and odd values.
import { describe, expect, it } from 'vitest';
import { BarChart, ColumnChart, CompletionBar, percent, truncate } from '../../src/web/charts.js';

const text = { title: 'Headcount', description: 'People per team', labelHeader: 'Team', valueHeader: 'People', empty: 'Nobody yet — import the directory' };
const render = async (el: unknown) => String(await (el as { toString(): string | Promise<string> }).toString());

describe('BarChart', () => {
  it('draws one bar per datum with a title, a description and a hidden data table', async () => {
    const html = await render(<BarChart id="hc" {...text} data={[{ label: 'Engineering', value: 12 }, { label: 'Risk', value: 3 }]} />);
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="hc-t hc-d"');
    expect(html).toContain('<title id="hc-t">Headcount</title>');
    expect(html).toContain('<desc id="hc-d">People per team</desc>');
    expect(html.match(/class="chart-bar"/g)).toHaveLength(2);
    expect(html).toContain('<div class="visually-hidden"><table><caption>Headcount</caption>');
    expect(html).toContain('<th scope="row">Engineering</th><td>12</td>');
    // The largest bar fills the drawing area; the smaller one is in proportion.
    const widths = [...html.matchAll(/class="chart-bar" x="0" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[0]).toBe(376);
    expect(widths[1]).toBe(94);
  });

  it('escapes hostile labels, titles and ids everywhere they appear', async () => {
    const evil = '<script>alert(1)</script>"&\'';
    const html = await render(<BarChart id={'x" onload="alert(1)'} {...text} title={evil} description={evil} data={[{ label: evil, value: 1 }]} />);
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/\sonload=/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;');
    expect(html).toContain('aria-labelledby="xonloadalert1-t xonloadalert1-d"');
  });

  it('shows the teaching text instead of an empty picture when there is no data', async () => {
    const html = await render(<BarChart id="e" {...text} data={[]} />);
    expect(html).toBe('<div class="chart-empty">Nobody yet — import the directory</div>');
  });

  it('draws zero, negative, NaN and infinite values as empty bars without breaking', async () => {
    const html = await render(
      <BarChart id="z" {...text} data={[{ label: 'a', value: 0 }, { label: 'b', value: -5 }, { label: 'c', value: Number.NaN }, { label: 'd', value: Infinity }]} />,
    );
    expect(html).not.toMatch(/NaN|Infinity|-5/);
    expect([...html.matchAll(/class="chart-bar" x="0" y="[\d.]+" width="([\d.]+)"/g)].map((m) => m[1])).toEqual(['0', '0', '0', '0']);
  });

  it('shortens long labels in the drawing but keeps them whole in the tooltip and the table', async () => {
    const long = 'Payments Operations, Settlement and Reconciliation Engineering';
    const html = await render(<BarChart id="l" {...text} data={[{ label: long, value: 2 }]} />);
    expect(html).toContain(`>${truncate(long, 44)}</text>`);
    expect(truncate(long, 44)).toHaveLength(44);
    expect(html).toContain(`<title>${long}: 2</title>`);
    expect(html).toContain(`<th scope="row">${long}</th>`);
  });
});

describe('ColumnChart', () => {
  it('draws a column per datum, highlights the last and keeps a data table', async () => {
    const data = ['Mon', 'Tue', 'Wed'].map((label, i) => ({ label, value: i * 2 }));
    const html = await render(<ColumnChart id="w" {...text} data={data} highlightLast />);
    expect(html.match(/<g class="chart-col/g)).toHaveLength(3);
    expect(html.match(/chart-col--current/g)).toHaveLength(1);
    expect(html).toContain('<th scope="row">Wed</th><td>4</td>');
  });

  it('handles empty data and all-zero data', async () => {
    expect(await render(<ColumnChart id="w" {...text} data={[]} />)).toContain('chart-empty');
    const zeros = await render(<ColumnChart id="w" {...text} data={[{ label: 'a', value: 0 }]} />);
    expect(zeros).toContain('height="0"');
  });
});

describe('CompletionBar and percent', () => {
  it('computes whole percentages and never divides by zero', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 0)).toBe(0);
    expect(percent(9, 4)).toBe(100);
    expect(percent(-1, 4)).toBe(0);
  });

  it('draws the share and carries the figures as text', async () => {
    const html = await render(<CompletionBar part={3} total={4} label={'3 of 4 <b>'} />);
    expect(html).toContain('width="75"');
    expect(html).toContain('3 of 4 &lt;b&gt;');
    expect(html).toContain('aria-hidden="true"');
    expect(await render(<CompletionBar part={0} total={0} label="none" />)).not.toContain('class="chart-bar"');
  });
});
