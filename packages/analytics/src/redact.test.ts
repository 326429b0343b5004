import { describe, expect, it } from 'vitest';
import { isValidBsn, isValidIban, redact } from './redact.ts';

const kinds = (text: string) => redact(text).findings.map((f) => f.kind);

describe('isValidBsn', () => {
  it('applies the 11-test', () => {
    // 1*9 + 2*8 + 3*7 + 4*6 + 5*5 + 6*4 + 7*3 + 8*2 - 2 = 154 = 14 * 11
    expect(isValidBsn('123456782')).toBe(true);
    expect(isValidBsn('111222333')).toBe(true);
    expect(isValidBsn('123.456.782')).toBe(true);
    // 147 is not a multiple of 11
    expect(isValidBsn('123456789')).toBe(false);
    expect(isValidBsn('000000000')).toBe(false);
    expect(isValidBsn('12345678')).toBe(false);
  });
});

describe('isValidIban', () => {
  it('checks mod 97 and the country length', () => {
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
    expect(isValidIban('nl91 abna 0417 1643 00')).toBe(true);
    expect(isValidIban('BE68539007547034')).toBe(true);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('NL91ABNA0417164301')).toBe(false);
    expect(isValidIban('NL91ABNA041716430')).toBe(false);
  });
});

describe('redact', () => {
  it('redacts valid BSNs in the usual spellings and reports offsets in the original', () => {
    const text = 'Cliënt met BSN 123456782 en partner 111.222.333, kind 2322 62 536.';
    const result = redact(text);
    expect(result.text).toBe('Cliënt met BSN [BSN] en partner [BSN], kind [BSN].');
    const first = result.findings[0]!;
    expect(text.slice(first.start, first.end)).toBe('123456782');
  });

  it('keeps nine-digit numbers that fail the 11-test, and amounts', () => {
    expect(redact('Dossiernummer 123456789 is gesloten.').text).toBe('Dossiernummer 123456789 is gesloten.');
    expect(redact('Schuld van € 123.456.782 bij de bank.').findings).toEqual([]);
  });

  it('keeps ordinary numbers and amounts', () => {
    const text = 'Mevrouw heeft 3 kinderen, een schuld van € 1.250 en betaalt 45,50 per maand sinds 2019. Op 12-03-2024 hadden we een gesprek van 60 minuten.';
    expect(redact(text)).toEqual({ text, findings: [] });
  });

  it('redacts IBANs with and without spaces, only when valid', () => {
    expect(redact('Rekening NL91ABNA0417164300 graag.').text).toBe('Rekening [IBAN] graag.');
    expect(redact('Rekening NL91 ABNA 0417 1643 00 EN de rest.').text).toBe('Rekening [IBAN] EN de rest.');
    expect(redact('Overmaken naar BE68 5390 0754 7034.').text).toBe('Overmaken naar [IBAN].');
    expect(redact('Code NL91ABNA0417164301 klopt niet.').findings.map((f) => f.kind)).not.toContain('IBAN');
  });

  it('redacts Dutch phone numbers', () => {
    for (const phone of ['06-12345678', '06 1234 5678', '0612345678', '+31 6 12345678', '+31 (0)6 12345678', '0031 6 12345678', '020-1234567', '0512 123456', '0800-1234']) {
      expect(redact(`Bel ${phone} voor een afspraak.`).text, phone).toBe('Bel [TELEFOON] voor een afspraak.');
    }
  });

  it('redacts e-mail addresses', () => {
    expect(redact('Mail naar j.de.vries+wmo@gemeente-utrecht.nl of info@voorbeeld.com.').text).toBe(
      'Mail naar [EMAIL] of [EMAIL].',
    );
  });

  it('redacts postcodes with the house number after or before them', () => {
    expect(redact('Adres: 1234 AB 12, Utrecht.').text).toBe('Adres: [POSTCODE] [HUISNUMMER], Utrecht.');
    expect(redact('Woont op 1234AB 12a.').text).toBe('Woont op [POSTCODE] [HUISNUMMER].');
    expect(redact('Kerkstraat 12, 1234 AB Utrecht').text).toBe('Kerkstraat [HUISNUMMER], [POSTCODE] Utrecht');
    expect(redact('Postcode 3511ab zonder nummer.').text).toBe('Postcode [POSTCODE] zonder nummer.');
    expect(redact('Verhuisd naar de Dorpsweg 4 in Zeist.').text).toBe('Verhuisd naar de Dorpsweg [HUISNUMMER] in Zeist.');
  });

  it('does not take years and words for postcodes', () => {
    const text = 'In 2023 en 2024 AB-testen gedaan; 1500 mensen geholpen.';
    expect(redact(text).findings).toEqual([]);
  });

  it('redacts dates of birth after or before a cue, and keeps other dates', () => {
    expect(redact('Meneer (geb. 12-03-1985) kwam langs.').text).toBe('Meneer (geb. [GEBOORTEDATUM]) kwam langs.');
    expect(redact('Geboortedatum: 1985-03-12.').text).toBe('Geboortedatum: [GEBOORTEDATUM].');
    expect(redact('Zij is geboren op 3 maart 1985 in Gouda.').text).toBe('Zij is geboren op [GEBOORTEDATUM] in Gouda.');
    expect(redact('Hij is op 3/4/85 geboren.').text).toBe('Hij is op [GEBOORTEDATUM] geboren.');
    expect(redact('Client was born on March 3, 1985.').text).toBe('Client was born on [GEBOORTEDATUM].');
    expect(redact('Geboren in 1985, twee kinderen.').text).toBe('Geboren in [GEBOORTEDATUM], twee kinderen.');
    expect(redact('Geboren in Gouda. Afspraak op 12-03-2024.').text).toBe('Geboren in Gouda. Afspraak op 12-03-2024.');
  });

  it('handles a realistic story with several kinds at once', () => {
    const story =
      'Mevrouw (BSN 232262536, tel. 06-87654321) woont op Lindelaan 7, 3572 KL Utrecht en is geb. 01-02-1970. ' +
      'Zij heeft 2 kinderen en € 3.400 schuld; loon komt op NL20INGB0001234567. Mail: m.jansen@example.nl.';
    expect(redact(story).text).toBe(
      'Mevrouw (BSN [BSN], tel. [TELEFOON]) woont op Lindelaan [HUISNUMMER], [POSTCODE] Utrecht en is geb. [GEBOORTEDATUM]. ' +
        'Zij heeft 2 kinderen en € 3.400 schuld; loon komt op [IBAN]. Mail: [EMAIL].',
    );
    expect(kinds(story).sort()).toEqual(['BSN', 'EMAIL', 'GEBOORTEDATUM', 'HUISNUMMER', 'IBAN', 'POSTCODE', 'TELEFOON']);
  });
});
