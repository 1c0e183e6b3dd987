import { describe, expect, it } from 'vitest';
import { csvCell } from './recordings-export';

describe('CSV export neutralises formulas', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+cmd', "'+cmd"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', '"\'\rcmd"'],
    ['+1+cmd', "'+1+cmd"],
    ['-1-2', "'-1-2"],
    ['+598 99 1', "'+598 99 1"],
    [' =cmd', "' =cmd"],
    ['  +1+cmd', "'  +1+cmd"],
    ['\t@cmd', "'\t@cmd"],
    [' -cmd', "' -cmd"],
    ['\n=cmd', '"\'\n=cmd"'],
  ])('prefixes %j with an apostrophe', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ['+59899111222', '+59899111222'],
    ['-3', '-3'],
    ['Ana María', 'Ana María'],
    ['a=b', 'a=b'],
  ])('leaves %j as it is', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('quotes the neutralised cell when it needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });
});
