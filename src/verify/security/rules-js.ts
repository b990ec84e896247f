// JavaScript and TypeScript rules (one set; patterns are parsed per grammar: JS, TS, TSX).
import { defineAstRule, JS_NON_LITERAL, type AstRule } from './rule.js';

const js = (code: string) => ({ file: 'x.js', code });
const ts = (code: string) => ({ file: 'x.ts', code });

export const JS_RULES: AstRule[] = [
  defineAstRule({
    id: 'js/command-injection',
    language: 'js',
    summary: 'Shell command built from a non-literal value',
    why: 'exec/execSync run the string through a shell; any caller-controlled part of it can add commands.',
    fix: 'Use execFile/spawn with an argument array (no shell), or validate the value against a fixed list.',
    level: 'error',
    cwe: ['CWE-78'],
    precision: 'high',
    securitySeverity: 9.8,
    needs: ['child_process'],
    matcher: {
      rule: {
        any: [
          { pattern: 'exec($CMD)' },
          { pattern: 'exec($CMD, $$$)' },
          { pattern: 'execSync($CMD)' },
          { pattern: 'execSync($CMD, $$$)' },
          { pattern: '$CP.exec($CMD)' },
          { pattern: '$CP.exec($CMD, $$$)' },
          { pattern: '$CP.execSync($CMD)' },
          { pattern: '$CP.execSync($CMD, $$$)' },
        ],
      },
      constraints: { CMD: JS_NON_LITERAL, CP: { regex: '^(child_process|cp|childProcess|proc)$' } },
    },
    examples: {
      hit: [
        js("const { exec } = require('child_process');\nexec(`git log ${branch}`);"),
        ts("import { execSync } from 'node:child_process';\nexecSync('rm -rf ' + dir, { stdio: 'inherit' });"),
        ts("import * as cp from 'child_process';\ncp.exec(req.query.cmd as string);"),
      ],
      safe: [
        js("const { exec } = require('child_process');\nexec('git status');"),
        ts("import { execFileSync } from 'node:child_process';\nexecFileSync('git', ['log', branch]);"),
        js("// no child_process here\nconst m = /a(b)/.exec(text);"),
        js("const { exec } = require('child_process');\nconst m = pattern.exec(input);"),
      ],
    },
  }),
  defineAstRule({
    id: 'js/code-injection',
    language: 'js',
    summary: 'Code evaluated from a non-literal string',
    why: 'eval and new Function run any JavaScript in the string with the privileges of the process.',
    fix: 'Parse data with JSON.parse, or dispatch through a fixed table of functions.',
    level: 'error',
    cwe: ['CWE-95'],
    precision: 'high',
    securitySeverity: 9.3,
    needs: [/\beval\s*\(/, /\bnew\s+Function\s*\(/],
    matcher: {
      rule: {
        any: [
          { pattern: 'eval($CODE)' },
          {
            kind: 'new_expression',
            has: { field: 'constructor', regex: '^Function$' },
            // The last argument is the body; only a non-literal body is a finding.
            not: { has: { field: 'arguments', not: { has: { nthChild: { position: 1, reverse: true }, not: { kind: 'string' } } } } },
          },
        ],
      },
      constraints: { CODE: JS_NON_LITERAL },
    },
    examples: {
      hit: [js('const result = eval(userExpression);'), ts("const f = new Function('a', 'b', body);")],
      safe: [js("eval('1 + 1');"), ts("const f = new Function('a', 'return a * 2');"), js('const v = JSON.parse(text);')],
    },
  }),
  defineAstRule({
    id: 'js/sql-injection',
    language: 'js',
    summary: 'SQL query built by string concatenation or template substitution',
    why: 'Values spliced into SQL text can change the query; parameters cannot.',
    fix: 'Pass values as parameters (`query("… WHERE id = $1", [id])`) or use the query builder.',
    level: 'error',
    cwe: ['CWE-89'],
    precision: 'medium',
    securitySeverity: 8.8,
    needs: [/\.\s*(query|execute|raw|unsafe|\$queryRawUnsafe|\$executeRawUnsafe)\s*\([^)\n]*[`+]/],
    matcher: {
      rule: { any: [{ pattern: '$DB.$METHOD($Q)' }, { pattern: '$DB.$METHOD($Q, $$$)' }] },
      constraints: {
        METHOD: { regex: '^(query|execute|raw|unsafe|\\$queryRawUnsafe|\\$executeRawUnsafe)$' },
        Q: { any: [{ kind: 'template_string', has: { kind: 'template_substitution' } }, { kind: 'binary_expression', has: { kind: 'string' } }] },
      },
    },
    examples: {
      hit: [
        js('db.query(`SELECT * FROM users WHERE id = ${req.params.id}`);'),
        ts("await pool.execute('DELETE FROM t WHERE name = \\'' + name + '\\'');"),
        ts('await prisma.$queryRawUnsafe(`SELECT * FROM t WHERE a = ${a}`);'),
      ],
      safe: [
        js("db.query('SELECT * FROM users WHERE id = $1', [req.params.id]);"),
        ts("await pool.execute('SELECT 1');"),
        ts('const u = new URL(`https://x/${id}`).searchParams.get(query);'),
      ],
    },
  }),
  defineAstRule({
    id: 'js/dom-xss',
    language: 'js',
    summary: 'HTML assigned from a non-literal value',
    why: 'innerHTML/outerHTML parse the value as markup, so script-bearing input runs in the page.',
    fix: 'Assign textContent, build nodes with createElement, or sanitise with a vetted sanitiser.',
    level: 'error',
    cwe: ['CWE-79'],
    precision: 'high',
    securitySeverity: 6.1,
    needs: ['innerHTML', 'outerHTML', 'insertAdjacentHTML'],
    matcher: {
      rule: { any: [{ pattern: '$EL.$PROP = $VALUE' }, { pattern: '$EL.insertAdjacentHTML($POS, $VALUE)' }] },
      constraints: { PROP: { regex: '^(innerHTML|outerHTML)$' }, VALUE: JS_NON_LITERAL },
    },
    examples: {
      hit: [js('el.innerHTML = location.hash.slice(1);'), ts('row.outerHTML = `<td>${name}</td>`;'), js("el.insertAdjacentHTML('beforeend', html);")],
      safe: [js("el.innerHTML = '';"), js('el.textContent = location.hash;'), ts('const html = el.innerHTML;')],
    },
  }),
  defineAstRule({
    id: 'js/weak-hash',
    language: 'js',
    summary: 'MD5 or SHA-1 hash',
    why: 'Collisions for MD5 and SHA-1 are practical; they must not protect integrity or passwords.',
    fix: "Use createHash('sha256') (or a password hash such as scrypt for passwords).",
    level: 'warning',
    cwe: ['CWE-328'],
    precision: 'high',
    securitySeverity: 5.3,
    needs: [/create(Hash|Hmac)\s*\(\s*['"`](md4|md5|sha1|sha-1)/i],
    matcher: {
      rule: { any: [{ pattern: 'createHash($ALG)' }, { pattern: '$C.createHash($ALG)' }, { pattern: 'createHmac($ALG, $$$)' }, { pattern: '$C.createHmac($ALG, $$$)' }] },
      constraints: { ALG: { regex: '^[\'"`](?i:md4|md5|sha1|sha-1)[\'"`]$' } },
    },
    examples: {
      hit: [js("const h = crypto.createHash('md5').update(pw).digest('hex');"), ts('createHash("SHA1");')],
      safe: [js("crypto.createHash('sha256');"), ts("createHmac('sha512', key);")],
    },
  }),
  defineAstRule({
    id: 'js/tls-verification-disabled',
    language: 'js',
    summary: 'TLS certificate verification turned off',
    why: 'Without certificate checks anyone on the network path can read and change the traffic.',
    fix: 'Keep verification on; trust a private CA with the `ca` option or NODE_EXTRA_CA_CERTS.',
    level: 'error',
    cwe: ['CWE-295'],
    precision: 'very-high',
    securitySeverity: 7.4,
    needs: ['rejectUnauthorized', 'NODE_TLS_REJECT_UNAUTHORIZED'],
    matcher: {
      rule: {
        any: [
          { kind: 'pair', all: [{ has: { field: 'key', regex: '^[\'"]?rejectUnauthorized[\'"]?$' } }, { has: { field: 'value', kind: 'false' } }] },
          { pattern: 'process.env.NODE_TLS_REJECT_UNAUTHORIZED = $V', has: { field: 'right', regex: '^[\'"`]?0[\'"`]?$' } },
        ],
      },
    },
    examples: {
      hit: [js('https.request({ host, rejectUnauthorized: false });'), ts("process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';")],
      safe: [js('https.request({ host, rejectUnauthorized: true });'), ts("const opts = { ca: readFileSync('ca.pem') };")],
    },
  }),
  defineAstRule({
    id: 'js/jwt-decode-without-verify',
    language: 'js',
    summary: 'JWT decoded without verifying its signature',
    why: 'jwt.decode does not check the signature; anyone can mint a token with any claims.',
    fix: 'Use jwt.verify with the expected key and an explicit algorithms list.',
    level: 'error',
    cwe: ['CWE-347'],
    precision: 'high',
    securitySeverity: 8.1,
    needs: [/\b(jwt|jsonwebtoken|JWT)\s*\.\s*decode\s*\(/],
    matcher: { rule: { pattern: '$JWT.decode($$$)' }, constraints: { JWT: { regex: '^(jwt|jsonwebtoken|JWT)$' } } },
    examples: {
      hit: [js("const jwt = require('jsonwebtoken');\nconst claims = jwt.decode(token);")],
      safe: [js("const claims = jwt.verify(token, key, { algorithms: ['RS256'] });"), ts('const s = decoder.decode(bytes);')],
    },
  }),
  defineAstRule({
    id: 'js/insecure-random-secret',
    language: 'js',
    summary: 'Math.random() used for a token, secret or key',
    why: 'Math.random is predictable; tokens made from it can be guessed.',
    fix: 'Use crypto.randomBytes, crypto.randomUUID or crypto.getRandomValues.',
    level: 'error',
    cwe: ['CWE-338'],
    precision: 'medium',
    securitySeverity: 7.5,
    needs: ['Math.random'],
    matcher: {
      rule: {
        pattern: 'Math.random()',
        inside: { kind: 'variable_declarator', has: { field: 'name', regex: '(?i)(token|secret|passw|nonce|session|salt|apikey|api_key)' }, stopBy: 'end' },
      },
    },
    examples: {
      hit: [js('const resetToken = Math.random().toString(36).slice(2);'), ts("let sessionId = 'sid-' + Math.random();")],
      safe: [js('const jitter = Math.random() * 100;'), ts("const token = crypto.randomBytes(32).toString('hex');")],
    },
  }),
];
