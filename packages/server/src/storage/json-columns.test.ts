import { describe, expect, it } from 'vitest';
import {
  StoredJsonError,
  attachmentEntry,
  readArray,
  readDisposition,
  readEventDetail,
  readOutboundCommand,
  readPauseReasons,
  readThresholds,
} from './json-columns';

const thresholds = { serviceLevel: 20, shortAbandon: 5, chatTime: 300, acd: 0, maxQueued: 0, queueTimeout: 0 };

describe('checked stored JSON readers', () => {
  it('return a value that matches what the server writes', () => {
    expect(readThresholds(JSON.stringify(thresholds))).toEqual(thresholds);
    expect(readPauseReasons('["Lunch","Training"]')).toEqual(['Lunch', 'Training']);
    const command = { kind: 'attended', externalConversationId: 'c-1', agentName: 'Ana', idempotencyKey: 'k' };
    expect(readOutboundCommand(JSON.stringify(command))).toEqual(command);
  });

  it('throw StoredJsonError naming the column and the field for a damaged value', () => {
    const damaged = JSON.stringify({ ...thresholds, serviceLevel: 'twenty' });
    expect(() => readThresholds(damaged)).toThrow(StoredJsonError);
    expect(() => readThresholds(damaged)).toThrow(/campaigns\.thresholds_json.*serviceLevel/);
    expect(() => readPauseReasons('["Lunch",3]')).toThrow(/settings\.value_json/);
  });

  it('throw SyntaxError for text that is not JSON, as JSON.parse did', () => {
    expect(() => readThresholds('{"serviceLevel":')).toThrow(SyntaxError);
  });
});

describe('lenient stored JSON readers', () => {
  it('keep fields of the expected type and read the others as absent', () => {
    expect(readEventDetail('{"text":"hola","reason":7,"fromCampaignId":"c1","other":true}')).toEqual({
      text: 'hola',
      fromCampaignId: 'c1',
    });
    expect(readDisposition('{"l1":"Venta","l2":null,"l3":"Contado"}')).toEqual({ l1: 'Venta', l3: 'Contado' });
    expect(readDisposition('"not an object"')).toEqual({});
  });

  it('read a list position for position, and anything else as empty', () => {
    expect(readArray('[1,{"a":2},null]')).toEqual([1, { a: 2 }, null]);
    expect(readArray('{"a":1}')).toEqual([]);
  });

  it('type an attachment entry only when its known fields have their types, keeping the rest of it', () => {
    const raw = { url: null, mimeType: 'image/png', providerMediaId: 'm-1', extra: 'kept' };
    expect(attachmentEntry(raw)).toBe(raw);
    expect(attachmentEntry({ mimeType: 5 })).toBeUndefined();
    expect(attachmentEntry('base64...')).toBeUndefined();
  });
});
