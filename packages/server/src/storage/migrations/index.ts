import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation';
import * as m0002 from './0002-conversations';
import * as m0003 from './0003-attachments';
import * as m0004 from './0004-supervision';
import * as m0005 from './0005-attachment-access';
import * as m0006 from './0006-audit-targets';
import * as m0009 from './0009-handoff-key';
import * as m0011 from './0011-service-tokens';
import * as m0012 from './0012-webhook-endpoints';
import * as m0014 from './0014-media-downloads';
import * as m0016 from './0016-delivery-order-and-pacing';
import * as m0017 from './0017-interaction-lifecycle';
import * as m0018 from './0018-supervisor-all-campaigns';
import * as m0019 from './0019-queue-updates';
import * as m0020 from './0020-campaign-language-and-survey';
import * as m0021 from './0021-satisfaction-surveys';
import * as m0022 from './0022-whatsapp-templates';
import * as m0023 from './0023-message-text-index-in-batches';
import * as m0025 from './0025-attachment-blobs';
import * as m0026 from './0026-router-leadership';
import * as m0027 from './0027-last-customer-message-derived';

/**
 * Every migration, by name. Append only: a shipped migration is never edited, a change is a new file.
 * Listed statically (not read from disk) so the set is the same under tsx, bundlers and tests.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-conversations': m0002,
  '0003-attachments': m0003,
  '0004-supervision': m0004,
  '0005-attachment-access': m0005,
  '0006-audit-targets': m0006,
  '0009-handoff-key': m0009,
  '0011-service-tokens': m0011,
  '0012-webhook-endpoints': m0012,
  '0014-media-downloads': m0014,
  '0016-delivery-order-and-pacing': m0016,
  '0017-interaction-lifecycle': m0017,
  '0018-supervisor-all-campaigns': m0018,
  '0019-queue-updates': m0019,
  '0020-campaign-language-and-survey': m0020,
  '0021-satisfaction-surveys': m0021,
  '0022-whatsapp-templates': m0022,
  '0023-message-text-index-in-batches': m0023,
  '0025-attachment-blobs': m0025,
  '0026-router-leadership': m0026,
  '0027-last-customer-message-derived': m0027,
};
