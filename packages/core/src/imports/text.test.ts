import { describe, expect, it } from 'vitest';
import { IdAllocator, importedText, stripHtml } from './text.ts';

describe('stripHtml', () => {
  it('turns markup into plain lines and decodes entities', () => {
    expect(stripHtml('<div>heavily<br> micro-managed</div>')).toBe('heavily\nmicro-managed');
    expect(stripHtml('<p>A &amp; B&nbsp;&#233;&#x20AC;</p>')).toBe('A & B é€');
  });

  it('removes markup that was escaped twice, but keeps a lone "<" in prose', () => {
    expect(stripHtml("<i>&lt;font color='blue'&gt;Demo&lt;/font&gt;</i>")).toBe('Demo');
    expect(stripHtml('a &lt; b')).toBe('a < b');
  });
});

describe('importedText', () => {
  it('fills Dutch as a stand-in and keeps the source language', () => {
    expect(importedText('Gender?', 'en')).toEqual({ nl: 'Gender?', en: 'Gender?' });
    expect(importedText('Geslacht?', 'nl')).toEqual({ nl: 'Geslacht?' });
    expect(importedText('Gender?', undefined)).toEqual({ nl: 'Gender?' });
  });
});

describe('IdAllocator', () => {
  it('derives valid, unique ids and remembers the source id', () => {
    const ids = new IdAllocator('o_');
    expect(ids.take('a', 'to be heard')).toBe('to_be_heard');
    expect(ids.take('b', '35-50')).toBe('o_35-50');
    expect(ids.take('c', 'Français')).toBe('francais');
    expect(ids.take('d', 'to be heard')).toBe('to_be_heard_2');
    expect(ids.take('a', 'ignored')).toBe('to_be_heard');
    expect(ids.take('e', 'x'.repeat(80))).toHaveLength(64);
    expect(ids.take('f', '???')).toBe('o_');
    expect(ids.map).toMatchObject({ a: 'to_be_heard', d: 'to_be_heard_2' });
  });
});
