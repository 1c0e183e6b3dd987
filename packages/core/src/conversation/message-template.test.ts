import { describe, expect, it } from 'vitest';
import { languageOfNumber, rankTemplates, templateParamCount } from './message-template';

describe('message templates', () => {
  it('counts parameters by the highest placeholder, spaces and repeats included', () => {
    expect(templateParamCount('Hola {{1}}, tu pedido {{2}} llegó. {{1}}')).toBe(2);
    expect(templateParamCount('Hi {{ 3 }}')).toBe(3);
    expect(templateParamCount('No parameters')).toBe(0);
  });

  it('guesses the language from the calling code, the longest code winning', () => {
    expect(languageOfNumber('+59899123456')).toBe('es');
    expect(languageOfNumber('5511999990000')).toBe('pt');
    expect(languageOfNumber('+351 912 345 678')).toBe('pt');
    expect(languageOfNumber('+1 415 555 0100')).toBe('en');
    expect(languageOfNumber('+8613800000000')).toBeNull();
  });

  it("puts the customer's language first, regional variants included", () => {
    const all = [
      { name: 'b', language: 'en_US' },
      { name: 'a', language: 'en_US' },
      { name: 'c', language: 'es_AR' },
      { name: 'z', language: 'es' },
    ];
    expect(rankTemplates(all, 'es').map((t) => `${t.name}/${t.language}`)).toEqual([
      'c/es_AR',
      'z/es',
      'a/en_US',
      'b/en_US',
    ]);
    expect(rankTemplates(all, null).map((t) => t.name)).toEqual(['a', 'b', 'c', 'z']);
  });
});
