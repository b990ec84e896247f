import { describe, expect, it } from 'vitest';
import { DIALECTS, maskLiterals, splitSql, withBodies } from '../../../src/actions/commands/sql.js';

describe('splitSql', () => {
  it.each([
    ['SELECT 1; SELECT 2', {}, ['SELECT 1', 'SELECT 2']],
    ["SELECT ';' AS x; DELETE FROM t", {}, ["SELECT ';' AS x", 'DELETE FROM t']],
    ["SELECT 'it''s; fine'", {}, ["SELECT 'it''s; fine'"]],
    ['SELECT "a;b" FROM t', {}, ['SELECT "a;b" FROM t']],
    ['SELECT 1 -- ; DROP TABLE t\n; SELECT 2', {}, ['SELECT 1', 'SELECT 2']],
    ['/* DROP TABLE t; */ SELECT 1', {}, ['SELECT 1']],
    ['/* a /* nested; */ still; */ SELECT 1', {}, ['SELECT 1']],
    ["SELECT 'a\\'; DROP TABLE t; --'", DIALECTS.mysql!, ["SELECT 'a\\'; DROP TABLE t; --'"]],
    ['SELECT 1 # comment; DROP\n; SELECT 2', DIALECTS.mysql!, ['SELECT 1', 'SELECT 2']],
    ['CREATE FUNCTION f() RETURNS void AS $$ BEGIN DELETE FROM t; END $$ LANGUAGE plpgsql; SELECT 1', DIALECTS.postgres!, ['CREATE FUNCTION f() RETURNS void AS $$ BEGIN DELETE FROM t; END $$ LANGUAGE plpgsql', 'SELECT 1']],
    ['DO $body$ BEGIN PERFORM 1; END $body$', DIALECTS.postgres!, ['DO $body$ BEGIN PERFORM 1; END $body$']],
    ['\\dt\nSELECT 1;\n\\i drop.sql', DIALECTS.postgres!, ['\\dt', 'SELECT 1', '\\i drop.sql']],
    ['.tables\nDELETE FROM t;', DIALECTS.sqlite!, ['.tables', 'DELETE FROM t']],
    ['SELECT 1.5; SELECT .5', DIALECTS.sqlite!, ['SELECT 1.5', 'SELECT .5']],
    ['   ;;  ', {}, []],
  ] as const)('%s', (sql, dialect, expected) => {
    expect(splitSql(sql, dialect)).toEqual(expected);
  });

  it('keeps an unterminated quote in one statement instead of splitting inside it', () => {
    expect(splitSql("SELECT 'a; DROP TABLE t")).toEqual(["SELECT 'a; DROP TABLE t"]);
  });

  it('bounds the work on huge input', () => {
    const big = 'SELECT 1;'.repeat(50_000);
    const out = splitSql(big);
    expect(out.length).toBeGreaterThan(20_000);
    expect(out.length).toBeLessThan(30_000);
  });

  it('masks string literals and opens dollar-quoted bodies', () => {
    expect(maskLiterals("SELECT 'DROP TABLE x', \"col\"")).toBe("SELECT '_', \"col\"");
    expect(withBodies('DO $$ BEGIN TRUNCATE t; END $$')).toEqual(["DO '_'", 'BEGIN TRUNCATE t', 'END']);
  });
});
