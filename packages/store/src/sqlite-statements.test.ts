import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { rowBuilder, statementCache } from './sqlite-statements.ts';

describe('statementCache', () => {
  let sqlite: BetterSqlite3.Database;
  afterEach(() => {
    if (sqlite.open) sqlite.close();
  });
  const open = () => {
    sqlite = new BetterSqlite3(':memory:');
    sqlite.exec(`create table t (id text primary key, n integer, x real, b blob, "we""ird" text, 中文 text);
      insert into t values ('a', 1, 1.5, x'0102', 'q', '甲'), ('b', null, null, null, null, null);`);
    return sqlite;
  };

  it.each([
    ['every column type and null', 'select * from t order by id'],
    ['duplicate names: the later column wins, as in better-sqlite3', 'select id as k, n as k, x from t'],
    ['names that are not identifiers', 'select id as "a b", n as "1", x as "__proto__x", "we""ird" from t'],
    ['a join', 'select t.id, u.id from t join t as u on u.id <> t.id'],
    ['no rows', "select * from t where id = 'none'"],
  ])('returns the rows better-sqlite3 returns: %s', (_name, sql) => {
    const db = open();
    const cache = statementCache(db);
    const expected = db.prepare(sql).all();
    expect(cache.prepare(sql).all([])).toEqual(expected);
    expect(Object.keys(cache.prepare(sql).all([])[0] ?? {})).toEqual(Object.keys(expected[0] ?? {}));
  });

  it('binds parameters, runs writes and reports changes', () => {
    const db = open();
    const cache = statementCache(db);
    const insert = cache.prepare('insert into t (id, n) values (?, ?)');
    expect(insert.reader).toBe(false);
    expect(insert.run(['c', 3]).changes).toBe(1);
    expect(cache.prepare('select n from t where id = ?').all(['c'])).toEqual([{ n: 3 }]);
    const returning = cache.prepare('insert into t (id, n) values (?, ?) returning id, n');
    expect(returning.reader).toBe(true);
    expect(returning.all(['d', 4])).toEqual([{ id: 'd', n: 4 }]);
    expect([...cache.prepare('select id from t order by id').iterate([])]).toEqual(
      ['a', 'b', 'c', 'd'].map((id) => ({ id })),
    );
  });

  it('prepares a SQL text once and keeps at most `size` statements, dropping the least recently used', () => {
    const db = open();
    let prepared = 0;
    const counting = Object.assign(Object.create(null), {
      prepare: (sql: string) => {
        if (!sql.startsWith('pragma')) prepared++;
        return db.prepare(sql);
      },
      close: () => db.close(),
    }) as BetterSqlite3.Database;
    const cache = statementCache(counting, 2);
    cache.prepare('select 1');
    cache.prepare('select 2');
    cache.prepare('select 1'); // now the most recent
    expect(prepared).toBe(2);
    cache.prepare('select 3'); // drops "select 2"
    expect(cache.size).toBe(2);
    cache.prepare('select 1');
    expect(prepared).toBe(3);
    cache.prepare('select 2');
    expect(prepared).toBe(4);
    cache.close();
    expect(cache.size).toBe(0);
    expect(db.open).toBe(false);
  });

  it('sees rows written after a statement was cached', () => {
    const db = open();
    const cache = statementCache(db);
    expect(cache.prepare('select count(*) as c from t').all([])).toEqual([{ c: 2 }]);
    db.exec("insert into t (id) values ('z')");
    expect(cache.prepare('select count(*) as c from t').all([])).toEqual([{ c: 3 }]);
  });

  it('sees a schema change made by another connection once the schema version is read again', () => {
    const db = open();
    const cache = statementCache(db, 10, 0);
    cache.prepare('select * from t order by id').all([]);
    db.exec('alter table t add column later text'); // not through the cache, as another process would
    expect(cache.prepare('select * from t order by id').all([])).toEqual(
      db.prepare('select * from t order by id').all(),
    );
  });

  it.each([
    ['a column added', 'alter table t add column added text'],
    ['a column renamed', 'alter table t rename column n to renamed'],
  ])('answers `select *` with the new columns after a schema change: %s', (_name, ddl) => {
    const db = open();
    const cache = statementCache(db);
    cache.prepare('select * from t order by id').all([]);
    cache.prepare(ddl).run([]);
    expect(cache.prepare('select * from t order by id').all([])).toEqual(
      db.prepare('select * from t order by id').all(),
    );
  });
});

describe('rowBuilder', () => {
  it('cannot be made to run code by a column name', () => {
    const build = rowBuilder(['"}; throw new Error("x"); ({"', 'a']);
    expect(build([1, 2])).toEqual({ '"}; throw new Error("x"); ({"': 1, a: 2 });
  });
});
