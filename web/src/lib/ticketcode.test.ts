import { describe, expect, it } from 'vitest';
import { groupCode, normalizeCode, svgImageSource } from './ticketcode';

describe('normalizeCode', () => {
  it('drops spaces and dashes and upper-cases', () => {
    expect(normalizeCode(' abcd-efgh ijkl\t2345 ')).toBe('ABCDEFGHIJKL2345');
    expect(normalizeCode('')).toBe('');
  });
});

describe('groupCode', () => {
  it('groups by four, the last group holding the rest', () => {
    expect(groupCode('ABCDEFGHIJKLMNOPQRSTUVWX23')).toBe('ABCD EFGH IJKL MNOP QRST UVWX 23');
    expect(groupCode('abcd-efgh', '-')).toBe('ABCD-EFGH');
    expect(groupCode('')).toBe('');
  });
});

describe('svgImageSource', () => {
  it('makes an image source of SVG markup', () => {
    const source = svgImageSource('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><path d="M0 0h1v1H0z"/></svg>\n');
    expect(source).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg%20/);
    expect(decodeURIComponent(source!.split(',')[1])).toMatch(/<\/svg>$/);
  });

  it('refuses anything else', () => {
    expect(svgImageSource('<script>alert(1)</script>')).toBeNull();
    expect(svgImageSource('<?xml version="1.0"?><svg></svg>')).toBeNull();
    expect(svgImageSource('<svgx></svgx>')).toBeNull();
    expect(svgImageSource('<svg>')).toBeNull();
    expect(svgImageSource('')).toBeNull();
  });
});
