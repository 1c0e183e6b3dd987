import { describe, expect, it } from 'vitest';
import { linkify, safeHref } from './linkify';

const links = (text: string) => linkify(text).filter((p) => p.kind === 'link');

describe('linkify', () => {
  it('turns http, https and mailto addresses into links and keeps the text around them', () => {
    const parts = linkify('See https://example.com/a?b=1, or write to mailto:help@example.com.');
    expect(parts).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', or write to ' },
      { kind: 'link', text: 'mailto:help@example.com', href: 'mailto:help@example.com' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('gives back the exact input when the parts are joined', () => {
    const input = 'a http://x.org) b\njavascript:alert(1) c https://y.org/#z!';
    expect(
      linkify(input)
        .map((p) => p.text)
        .join(''),
    ).toBe(input);
  });

  it.each([
    'javascript:alert(document.cookie)',
    'JaVaScRiPt:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com/x',
    '<a href="javascript:alert(1)">x</a>',
    'java\tscript:alert(1)',
    'http://',
    'https:// example.com',
    'mailto:javascript:alert(1)',
  ])('leaves %j as plain text', (hostile) => {
    expect(links(hostile)).toEqual([]);
    expect(
      linkify(hostile)
        .map((p) => p.text)
        .join(''),
    ).toBe(hostile);
  });

  it('does not let a link swallow an embedded script scheme or markup', () => {
    const found = links('https://ok.example/"onmouseover="alert(1) <script>');
    expect(found).toEqual([{ kind: 'link', text: 'https://ok.example/', href: 'https://ok.example/' }]);
  });

  it('returns no parts for empty text', () => {
    expect(linkify('')).toEqual([]);
  });
});

describe('safeHref', () => {
  it('accepts web and mail addresses only', () => {
    expect(safeHref('https://example.com')).toBe('https://example.com/');
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:,x')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});
