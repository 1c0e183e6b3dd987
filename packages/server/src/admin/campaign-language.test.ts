// A campaign's language decides the texts a new campaign sends its customers.
import { DEFAULT_CUSTOMER_TEXTS } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsUnderTest } from '../storage/test-databases';
import { createTestApp, type TestApp } from '../testing/test-app';

const dialects = await dialectsUnderTest();

describe.each(dialects)('campaign languages on %s', (dialect) => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = (await t.sessionFor('administrator')).cookie;
  });
  afterAll(() => t.close());

  const create = (payload: object) => t.request({ method: 'POST', url: '/api/campaigns', payload, as: admin });

  it('gives a new campaign every customer text in its language', async () => {
    for (const language of ['es', 'en', 'pt'] as const) {
      const res = await create({ name: `Idioma ${language}`, language });
      expect(res.statusCode, res.body).toBe(201);
      const texts = DEFAULT_CUSTOMER_TEXTS[language];
      expect(res.json()).toMatchObject({
        language,
        messages: { welcome: texts.welcome, outOfTime: texts.outOfTime, notAvailable: texts.notAvailable },
        queueUpdates: { enabled: false, template: texts.queueTemplate },
        survey: { enabled: false, question: texts.surveyQuestion },
      });
    }
  });

  it('speaks Spanish when no language is given, and keeps the texts it is given', async () => {
    const res = await create({ name: 'Sin idioma', messages: { welcome: 'Hola, ya te atendemos' } });
    expect(res.json()).toMatchObject({
      language: 'es',
      messages: { welcome: 'Hola, ya te atendemos', outOfTime: DEFAULT_CUSTOMER_TEXTS.es.outOfTime },
      survey: { question: DEFAULT_CUSTOMER_TEXTS.es.surveyQuestion },
    });
  });

  it('changes the language without rewriting texts: replacing them is the editor’s offer to make', async () => {
    const id = (await create({ name: 'Cambio', language: 'en' })).json().id as string;
    const res = await t.request({
      method: 'PATCH',
      url: `/api/campaigns/${id}`,
      payload: { language: 'pt', survey: { enabled: true } },
      as: admin,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      language: 'pt',
      messages: { welcome: DEFAULT_CUSTOMER_TEXTS.en.welcome },
      survey: { enabled: true, question: DEFAULT_CUSTOMER_TEXTS.en.surveyQuestion },
    });
  });

  it('refuses an unknown language and an empty survey question, naming the field', async () => {
    const language = await create({ name: 'Klingon', language: 'tlh' });
    expect(language.statusCode).toBe(400);
    expect(language.json().message).toContain('language');
    const question = await create({ name: 'Vacía', survey: { enabled: true, question: '' } });
    expect(question.statusCode).toBe(400);
    expect(question.json().message).toContain('survey.question');
  });
});
