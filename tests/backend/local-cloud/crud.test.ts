/**
 * Conformance: documents and queries through the real wx-server-sdk, as function code uses them.
 */
import { startTestCloud, type TestCloud } from '../support/cloud';

let t: TestCloud;
const things = () => t.db.collection('things');

beforeAll(async () => {
  t = await startTestCloud({ declarations: { things: [], others: [] } });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await things()
    .where({ _id: t.db.command.exists(true) })
    .remove();
});

describe('add', () => {
  it('generates a CloudBase-style id and stores the document', async () => {
    const { _id } = await things().add({ data: { name: '张三', n: 1 } });
    expect(_id).toMatch(/^[0-9a-f]{32}$/);
    const { data } = await things().doc(_id).get();
    expect(data).toEqual({ _id, name: '张三', n: 1 });
  });

  it('keeps a given _id and refuses a second document with it', async () => {
    await things().add({ data: { _id: 'fixed', n: 1 } });
    await expect(things().add({ data: { _id: 'fixed', n: 2 } })).rejects.toMatchObject({
      errCode: -502001,
    });
    expect((await things().doc('fixed').get()).data.n).toBe(1);
  });

  it('round-trips dates, nested objects, arrays, null and booleans', async () => {
    const at = new Date('2026-11-01T08:00:00.000Z');
    const doc = {
      at,
      nested: { list: [1, 'two', { three: 3 }] },
      empty: null,
      yes: true,
      float: 1.5,
    };
    const { _id } = await things().add({ data: doc });
    const { data } = await things().doc(_id).get();
    expect(data.at).toBeInstanceOf(Date);
    expect(data).toEqual({ _id, ...doc });
  });

  it('serverDate() becomes the server time, also with an offset', async () => {
    const before = Date.now();
    const { _id } = await things().add({
      data: { at: t.db.serverDate(), later: t.db.serverDate({ offset: 60_000 }) },
    });
    const { data } = await things().doc(_id).get();
    expect(data.at.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(data.later.getTime() - data.at.getTime()).toBeGreaterThanOrEqual(59_990);
  });
});

describe('doc', () => {
  it('set replaces the whole document, or creates it', async () => {
    await things()
      .doc('a')
      .set({ data: { x: 1, y: 2 } });
    await things()
      .doc('a')
      .set({ data: { z: 3 } });
    expect((await things().doc('a').get()).data).toEqual({ _id: 'a', z: 3 });
  });

  it('update merges fields, nested by path, and reports what it changed', async () => {
    await things()
      .doc('a')
      .set({ data: { profile: { name: 'A', city: '上海' }, n: 1 } });
    const res = await things()
      .doc('a')
      .update({ data: { profile: { city: '杭州' } } });
    expect(res.stats.updated).toBe(1);
    expect((await things().doc('a').get()).data).toEqual({
      _id: 'a',
      profile: { name: 'A', city: '杭州' },
      n: 1,
    });
  });

  it('an update that only changes a date is applied and counted', async () => {
    await things()
      .doc('d')
      .set({ data: { at: new Date('2026-11-01T00:00:00Z'), n: 1 } });
    const res = await things()
      .doc('d')
      .update({ data: { at: new Date('2026-11-02T00:00:00Z') } });
    expect(res.stats.updated).toBe(1);
    expect((await things().doc('d').get()).data.at).toEqual(new Date('2026-11-02T00:00:00Z'));
    const same = await things()
      .doc('d')
      .update({ data: { at: new Date('2026-11-02T00:00:00Z') } });
    expect(same.stats.updated).toBe(0);
  });

  it('update of a missing document changes nothing', async () => {
    const res = await things()
      .doc('missing')
      .update({ data: { n: 1 } });
    expect(res.stats.updated).toBe(0);
    expect((await things().count()).total).toBe(0);
  });

  it('get of a missing document fails like CloudBase', async () => {
    await expect(things().doc('missing').get()).rejects.toMatchObject({
      errMsg: expect.stringContaining('document.get:fail'),
    });
  });

  it('remove deletes exactly one document', async () => {
    await things().add({ data: [{ _id: 'a' }, { _id: 'b' }] });
    expect((await things().doc('a').remove()).stats.removed).toBe(1);
    expect((await things().get()).data.map((d: { _id: string }) => d._id)).toEqual(['b']);
  });
});

describe('where', () => {
  beforeEach(async () => {
    await things().add({
      data: [
        {
          _id: 'p1',
          city: '上海',
          age: 30,
          tags: ['vip', 'new'],
          at: new Date('2026-11-01T00:00:00Z'),
        },
        { _id: 'p2', city: '北京', age: 25, tags: ['new'], at: new Date('2026-11-02T00:00:00Z') },
        { _id: 'p3', city: '上海', age: 41, tags: [], at: new Date('2026-11-03T00:00:00Z') },
        { _id: 'p4', city: '深圳', age: 25, at: new Date('2026-11-04T00:00:00Z') },
      ],
    });
  });
  const ids = (res: { data: { _id: string }[] }) => res.data.map((d) => d._id);

  it('matches equality, and orders, skips, limits and projects', async () => {
    const res = await things()
      .where({ city: '上海' })
      .orderBy('age', 'desc')
      .field({ age: true })
      .get();
    expect(res.data).toEqual([
      { _id: 'p3', age: 41 },
      { _id: 'p1', age: 30 },
    ]);
    expect(
      ids(await things().orderBy('age', 'asc').orderBy('_id', 'desc').skip(1).limit(2).get()),
    ).toEqual(['p2', 'p1']);
  });

  it('supports every query command', async () => {
    const _ = t.db.command;
    expect(
      ids(
        await things()
          .where({ age: _.eq(25) })
          .orderBy('_id', 'asc')
          .get(),
      ),
    ).toEqual(['p2', 'p4']);
    expect(
      ids(
        await things()
          .where({ age: _.neq(25) })
          .orderBy('_id', 'asc')
          .get(),
      ),
    ).toEqual(['p1', 'p3']);
    expect(
      ids(
        await things()
          .where({ age: _.gt(30) })
          .get(),
      ),
    ).toEqual(['p3']);
    expect(
      ids(
        await things()
          .where({ age: _.gte(30) })
          .orderBy('_id', 'asc')
          .get(),
      ),
    ).toEqual(['p1', 'p3']);
    expect(
      ids(
        await things()
          .where({ age: _.lt(30) })
          .orderBy('_id', 'asc')
          .get(),
      ),
    ).toEqual(['p2', 'p4']);
    expect(
      ids(
        await things()
          .where({ age: _.lte(25) })
          .orderBy('_id', 'asc')
          .get(),
      ),
    ).toEqual(['p2', 'p4']);
    expect(
      ids(
        await things()
          .where({ city: _.in(['北京', '深圳']) })
          .orderBy('_id', 'asc')
          .get(),
      ),
    ).toEqual(['p2', 'p4']);
    expect(
      ids(
        await things()
          .where({ city: _.nin(['北京', '深圳']) })
          .orderBy('_id', 'asc')
          .get(),
      ),
    ).toEqual(['p1', 'p3']);
    expect(
      ids(
        await things()
          .where({ age: _.gt(20).and(_.lt(26)) })
          .orderBy('_id', 'asc')
          .get(),
      ),
    ).toEqual(['p2', 'p4']);
    expect(
      ids(
        await things()
          .where(_.or([{ city: '北京' }, { age: 41 }]))
          .orderBy('_id', 'asc')
          .get(),
      ),
    ).toEqual(['p2', 'p3']);
    expect(
      ids(
        await things()
          .where({ tags: _.exists(false) })
          .get(),
      ),
    ).toEqual(['p4']);
    expect(
      ids(
        await things()
          .where({ tags: _.size(0) })
          .get(),
      ),
    ).toEqual(['p3']);
    expect(
      ids(
        await things()
          .where({ tags: _.all(['vip', 'new']) })
          .get(),
      ),
    ).toEqual(['p1']);
    expect(ids(await things().where({ tags: 'new' }).orderBy('_id', 'asc').get())).toEqual([
      'p1',
      'p2',
    ]);
    expect(
      ids(
        await things()
          .where({ at: _.gte(new Date('2026-11-03T00:00:00Z')) })
          .orderBy('_id', 'asc')
          .get(),
      ),
    ).toEqual(['p3', 'p4']);
    expect(
      ids(
        await things()
          .where({ city: t.db.RegExp({ regexp: '^上', options: 'i' }) })
          .orderBy('_id', 'asc')
          .get(),
      ),
    ).toEqual(['p1', 'p3']);
  });

  it('counts what matches', async () => {
    expect((await things().where({ age: 25 }).count()).total).toBe(2);
    expect((await things().count()).total).toBe(4);
  });

  it('updates and removes every match', async () => {
    const _ = t.db.command;
    expect(
      (
        await things()
          .where({ city: '上海' })
          .update({ data: { region: '华东' } })
      ).stats.updated,
    ).toBe(2);
    expect(ids(await things().where({ region: '华东' }).orderBy('_id', 'asc').get())).toEqual([
      'p1',
      'p3',
    ]);
    expect(
      (
        await things()
          .where({ age: _.lt(30) })
          .remove()
      ).stats.removed,
    ).toBe(2);
    expect((await things().count()).total).toBe(2);
  });
});

describe('update commands', () => {
  beforeEach(async () => {
    await things()
      .doc('u')
      .set({
        data: {
          n: 10,
          m: 2,
          list: [1, 2, 3],
          set: ['a'],
          gone: 'x',
          old: 'keep',
          lo: 5,
          hi: 5,
          obj: { a: 1 },
        },
      });
  });
  const read = async () => (await things().doc('u').get()).data;

  it('set, inc, mul, remove, rename, max, min', async () => {
    const _ = t.db.command;
    await things()
      .doc('u')
      .update({
        data: {
          obj: _.set({ b: 2 }),
          n: _.inc(5),
          m: _.mul(3),
          gone: _.remove(),
          old: _.rename('renamed'),
          lo: _.max(9),
          hi: _.min(1),
        },
      });
    const d = await read();
    expect(d).toMatchObject({ obj: { b: 2 }, n: 15, m: 6, renamed: 'keep', lo: 9, hi: 1 });
    expect(d).not.toHaveProperty('gone');
    expect(d).not.toHaveProperty('old');
  });

  it('push, pop, shift, unshift', async () => {
    const _ = t.db.command;
    await things()
      .doc('u')
      .update({ data: { list: _.push([4, 5]) } });
    expect((await read()).list).toEqual([1, 2, 3, 4, 5]);
    await things()
      .doc('u')
      .update({ data: { list: _.pop() } });
    await things()
      .doc('u')
      .update({ data: { list: _.shift() } });
    expect((await read()).list).toEqual([2, 3, 4]);
    await things()
      .doc('u')
      .update({ data: { list: _.unshift([0, 1]) } });
    expect((await read()).list).toEqual([0, 1, 2, 3, 4]);
  });

  it('addToSet, pull, pullAll', async () => {
    const _ = t.db.command;
    await things()
      .doc('u')
      .update({ data: { set: _.addToSet('a') } });
    await things()
      .doc('u')
      .update({ data: { set: _.addToSet('b') } });
    expect((await read()).set).toEqual(['a', 'b']);
    await things()
      .doc('u')
      .update({ data: { list: _.pull(_.gt(2)) } });
    expect((await read()).list).toEqual([1, 2]);
    await things()
      .doc('u')
      .update({ data: { list: _.pullAll([1]) } });
    expect((await read()).list).toEqual([2]);
  });

  it('inc on concurrent requests loses nothing', async () => {
    const _ = t.db.command;
    await Promise.all(
      Array.from({ length: 50 }, () =>
        things()
          .doc('u')
          .update({ data: { n: _.inc(1) } }),
      ),
    );
    expect((await read()).n).toBe(60);
  });
});
