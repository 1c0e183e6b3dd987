import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainBus } from '../events/domain-events';
import { createTestDatabase, type TestDatabase } from '../storage/test-databases';
import { WebhookEventRecorder } from './event-recorder';

/** Counts the SELECTs that read the webhook_endpoints table. */
class EndpointReads implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"webhook_endpoints"')) this.count++;
    return node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe('the webhook event recorder on the message path', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(() => database.close());

  it('reads the endpoint list once for a burst of messages, again when an endpoint changes or the list ages', async () => {
    const reads = new EndpointReads();
    const bus = new DomainBus();
    let now = 1_000_000;
    const recorder = new WebhookEventRecorder({
      db: database.db.withPlugin(reads),
      bus,
      now: () => now,
      publicUrl: () => 'http://127.0.0.1:9',
      recorded: () => undefined,
    });
    recorder.start();
    const message = (n: number) =>
      bus.emit('message.stored', {
        interactionId: 'i1',
        messageId: `m${n}`,
        campaignId: null,
        ownerAgentId: null,
        direction: 'inbound',
        author: 'customer',
      });

    for (let n = 0; n < 50; n++) message(n);
    await recorder.settled();
    expect(reads.count).toBe(1);

    recorder.invalidate(); // what the endpoint service calls after a create, update or delete
    message(50);
    await recorder.settled();
    expect(reads.count).toBe(2);

    now += 5_001; // a change made by another process is seen within seconds
    message(51);
    await recorder.settled();
    expect(reads.count).toBe(3);
    recorder.stop();
  });
});
