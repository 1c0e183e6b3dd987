import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '../accounts/session-store';
import { AttachmentStore } from '../conversations/agent/attachment-store';
import { openPostgres, type Database } from './database';
import { DatabaseFileStore, DiskFileStore, fileStoreFor, type FileStore } from './file-store';
import { createTestDatabase, dialectsUnderTest, POSTGRES_URL, type TestDatabase } from './test-databases';

const dialects = await dialectsUnderTest();
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('file store test')]);

/** What every store promises, whichever it is. */
function behavesLikeAFileStore(make: () => FileStore) {
  it('gives back the bytes it stored, byte for byte, and null for an id it never stored', async () => {
    const store = make();
    // Every byte value, zero bytes included: the database column must not treat them as text.
    const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(4096)]);
    await store.put('01-all-bytes', bytes);
    expect((await store.get('01-all-bytes'))?.equals(bytes)).toBe(true);
    expect(await store.get('01-never-stored')).toBeNull();
  });

  it('refuses to overwrite an id', async () => {
    const store = make();
    await store.put('02-once', Buffer.from('first'));
    await expect(store.put('02-once', Buffer.from('second'))).rejects.toThrow();
    expect((await store.get('02-once'))?.toString()).toBe('first');
  });

  it('deletes, and deleting twice or deleting what was never there is not an error', async () => {
    const store = make();
    await store.put('03-gone', Buffer.from('bytes'));
    await store.delete('03-gone');
    expect(await store.get('03-gone')).toBeNull();
    await store.delete('03-gone');
    await store.delete('03-never');
  });
}

describe('the disk store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  behavesLikeAFileStore(() => new DiskFileStore(join(dir, 'attachments')));

  it('keeps one file per id in its directory, created on first use', async () => {
    const store = new DiskFileStore(join(dir, 'attachments'));
    await store.put('04-file', Buffer.from('on disk'));
    expect(existsSync(join(dir, 'attachments', '04-file'))).toBe(true);
  });
});

describe.each(dialects)('the database store on %s', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'sb-files-'));
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  behavesLikeAFileStore(() => new DatabaseFileStore(database.db));

  it("commits the bytes with the row's transaction, and rolls them back with it", async () => {
    const store = new DatabaseFileStore(database.db);
    await database.db.transaction().execute((trx) => store.put('05-kept', Buffer.from('kept'), trx));
    await expect(
      database.db.transaction().execute(async (trx) => {
        await store.put('05-rolled-back', Buffer.from('lost'), trx);
        throw new Error('the row failed');
      }),
    ).rejects.toThrow('the row failed');
    expect((await store.get('05-kept'))?.toString()).toBe('kept');
    expect(await store.get('05-rolled-back')).toBeNull();
  });

  it('still reads, and deletes, files written to disk before the switch', async () => {
    writeFileSync(join(dir, '06-from-before'), 'old bytes');
    const store = new DatabaseFileStore(database.db, new DiskFileStore(dir));
    expect((await store.get('06-from-before'))?.toString()).toBe('old bytes');
    await store.delete('06-from-before');
    expect(existsSync(join(dir, '06-from-before'))).toBe(false);
  });

  it(`is what ${dialect} uses: ${dialect === 'postgres' ? 'the database' : 'the disk'}`, async () => {
    const store = fileStoreFor(database, dir);
    await store.put('07-chosen', Buffer.from('where?'));
    expect(existsSync(join(dir, '07-chosen'))).toBe(dialect === 'sqlite');
    const inTable = await database.db
      .selectFrom('attachment_blobs')
      .select('id')
      .where('id', '=', '07-chosen')
      .execute();
    expect(inTable.length).toBe(dialect === 'postgres' ? 1 : 0);
  });
});

describe.skipIf(!dialects.includes('postgres'))('two nodes on one PostgreSQL database', () => {
  let first: TestDatabase;
  let second: Database;
  const dirs: string[] = [];
  const admin: SessionUser = { id: 'u-admin', username: 'admin', displayName: 'Admin', role: 'administrator' };
  /** One node's attachment store: its own connection pool and its own (empty) data directory. */
  const node = (database: Pick<Database, 'db' | 'dialect'>) => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-node-'));
    dirs.push(dir);
    return new AttachmentStore(database.db, fileStoreFor(database, join(dir, 'attachments')), () => 'http://lb');
  };

  beforeEach(async () => {
    first = await createTestDatabase('postgres');
    second = openPostgres({ connectionString: POSTGRES_URL, searchPath: first.schema!, max: 2 });
  });
  afterEach(async () => {
    await second.close();
    await first.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('serves through one node the file uploaded through the other, and purge it from both', async () => {
    const a = node(first);
    const b = node(second);
    const saved = await a.save({ name: 'scan.png', mimeType: 'image/png', dataBase64: PNG.toString('base64') }, 'u-1');
    const read = await b.readFor(admin, saved.id!, undefined);
    expect(read.bytes.equals(PNG)).toBe(true);
    const row = await b.get(saved.id!);
    const link = new URL(b.publicLink(row));
    const [, , id, token] = link.pathname.split('/');
    const opened = await a.openLink(id!, token!);
    expect(opened.status).toBe('ok');

    // A day later nobody sent it: a purge on either node removes row and bytes for both.
    const later = new AttachmentStore(
      second.db,
      fileStoreFor(second, join(dirs[1]!, 'attachments')),
      () => '',
      () => Date.now() + 2 * 24 * 3600_000,
    );
    expect(await later.purgeUnsent()).toBe(1);
    const blobs = await first.db.selectFrom('attachment_blobs').select('id').execute();
    expect(blobs).toEqual([]);
    await expect(a.readFor(admin, saved.id!, undefined)).rejects.toThrow(/Attachment/);
  });
});
