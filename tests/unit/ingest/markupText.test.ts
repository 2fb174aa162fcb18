import { describe, expect, it } from 'vitest';
import { headingLine, markupToText } from '../../../electron/core/ingest/formats/markupText';

describe('markupToText', () => {
  it('makes paragraphs, lines, list items and table rows', () => {
    const html = `<div xmlns="http://www.w3.org/1999/xhtml">
      <h3>Vitals</h3><p>BP 120/80,
        HR 72</p><ul><li>Afebrile</li><li>SpO<sub>2</sub> 98%</li></ul>
      <table><tr><th>Test</th><th>Result</th></tr><tr><td>Na</td><td>139</td></tr></table>
      <p>Line one<br/>line two</p></div>`;
    expect(markupToText(html)).toBe(
      'Vitals\n\nBP 120/80, HR 72\n\n- Afebrile\n- SpO2 98%\n\nTest | Result\nNa | 139\n\nLine one\nline two',
    );
  });

  it('drops scripts, styles, comments and the head; keeps CDATA text', () => {
    const html =
      '<html><head><title>t</title><style>p{}</style></head><body><!-- x --><script>alert(1)</script><p><![CDATA[a < b]]></p></body></html>';
    expect(markupToText(html)).toBe('a < b');
  });

  it('decodes named and numeric entities once, after the tags are gone', () => {
    expect(markupToText('<p>&lt;5 &amp;&amp; &#8805;2 &#x2013; &deg;C &amp;lt;b&amp;gt; &bogus;</p>')).toBe(
      '<5 && ≥2 – °C &lt;b&gt; &bogus;',
    );
  });
});

describe('headingLine', () => {
  it('writes section titles as the heading lines section detection knows', () => {
    expect(headingLine('History of Present Illness')).toBe('HISTORY OF PRESENT ILLNESS:');
    expect(headingLine('Allergies, Adverse Reactions, Alerts')).toBe('ALLERGIES / ADVERSE REACTIONS / ALERTS:');
    expect(headingLine('Plan:')).toBe('PLAN:');
    expect(headingLine('***')).toBe('');
  });
});
