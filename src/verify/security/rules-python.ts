// Python rules, run with the tree-sitter Python grammar from @ast-grep/lang-python.
import { defineAstRule, PY_NON_LITERAL, type AstRule } from './rule.js';

const py = (code: string) => ({ file: 'x.py', code });

export const PY_RULES: AstRule[] = [
  defineAstRule({
    id: 'py/command-injection',
    language: 'py',
    summary: 'Shell command built from a non-literal value, or shell=True',
    why: 'os.system, os.popen and subprocess with shell=True pass the string to a shell; caller-controlled parts can add commands.',
    fix: 'Call subprocess.run with an argument list and shell=False; validate values against a fixed list.',
    level: 'error',
    cwe: ['CWE-78'],
    precision: 'high',
    securitySeverity: 9.8,
    needs: ['shell=True', 'os.system', 'os.popen', 'shell = True'],
    matcher: {
      rule: {
        any: [
          {
            kind: 'call',
            has: {
              field: 'arguments',
              has: { kind: 'keyword_argument', all: [{ has: { field: 'name', regex: '^shell$' } }, { has: { field: 'value', regex: '^True$' } }] },
            },
          },
          { pattern: 'os.system($CMD)' },
          { pattern: 'os.popen($CMD)' },
        ],
      },
      constraints: { CMD: PY_NON_LITERAL },
    },
    examples: {
      hit: [
        py('import subprocess\nsubprocess.run(cmd, shell=True)'),
        py("import os\nos.system(f'tar xf {path}')"),
        py('import subprocess\nsubprocess.Popen(c, cwd=d, shell=True, env=e)'),
      ],
      safe: [py("import subprocess\nsubprocess.run(['tar', 'xf', path])"), py("import os\nos.system('clear')"), py('run(cmd, shell=False)')],
    },
  }),
  defineAstRule({
    id: 'py/code-injection',
    language: 'py',
    summary: 'Code evaluated from a non-literal string',
    why: 'eval and exec run any Python in the string.',
    fix: 'Use ast.literal_eval for literals, json.loads for data, or a fixed dispatch table.',
    level: 'error',
    cwe: ['CWE-95'],
    precision: 'high',
    securitySeverity: 9.3,
    needs: ['eval(', 'exec('],
    matcher: { rule: { any: [{ pattern: 'eval($CODE)' }, { pattern: 'exec($CODE)' }] }, constraints: { CODE: PY_NON_LITERAL } },
    examples: {
      hit: [py('value = eval(request.args["expr"])'), py("exec(f'x = {src}')")],
      safe: [py("eval('1 + 1')"), py('value = ast.literal_eval(text)'), py('cursor.execute(q)')],
    },
  }),
  defineAstRule({
    id: 'py/sql-injection',
    language: 'py',
    summary: 'SQL query built with an f-string, concatenation, % or .format',
    why: 'Values spliced into SQL text can change the query; parameters cannot.',
    fix: 'Pass values as parameters: cursor.execute("… WHERE id = %s", (id,)).',
    level: 'error',
    cwe: ['CWE-89'],
    precision: 'medium',
    securitySeverity: 8.8,
    needs: ['execute'],
    matcher: {
      rule: { any: [{ pattern: '$C.execute($Q)' }, { pattern: '$C.execute($Q, $$$)' }, { pattern: '$C.executemany($Q, $$$)' }] },
      constraints: {
        Q: {
          any: [
            { kind: 'string', has: { kind: 'interpolation' } },
            { kind: 'binary_operator' },
            { kind: 'call', has: { field: 'function', regex: '\\.format$' } },
          ],
        },
      },
    },
    examples: {
      hit: [
        py("cur.execute(f'SELECT * FROM users WHERE name = {name}')"),
        py("cur.execute('DELETE FROM t WHERE id = ' + ident)"),
        py("cur.execute('SELECT * FROM t WHERE a = %s' % a)"),
        py("cur.execute('SELECT {}'.format(col))"),
      ],
      safe: [py("cur.execute('SELECT * FROM users WHERE name = %s', (name,))"), py("cur.execute('SELECT 1')")],
    },
  }),
  defineAstRule({
    id: 'py/unsafe-deserialization',
    language: 'py',
    summary: 'Untrusted data deserialised with pickle, marshal or yaml.load',
    why: 'pickle, marshal and full YAML loaders can construct arbitrary objects and run code.',
    fix: 'Use json, or yaml.safe_load / Loader=yaml.SafeLoader.',
    level: 'error',
    cwe: ['CWE-502'],
    precision: 'high',
    securitySeverity: 8.1,
    needs: ['pickle', 'marshal', 'yaml.load'],
    matcher: {
      rule: {
        any: [
          { pattern: 'pickle.loads($$$)' },
          { pattern: 'pickle.load($$$)' },
          { pattern: 'marshal.loads($$$)' },
          {
            pattern: 'yaml.load($$$)',
            not: { has: { field: 'arguments', has: { kind: 'keyword_argument', regex: 'Loader\\s*=\\s*(yaml\\.)?(CSafeLoader|SafeLoader|BaseLoader)$' } } },
          },
        ],
      },
    },
    examples: {
      hit: [py('obj = pickle.loads(request.data)'), py('cfg = yaml.load(text)'), py('cfg = yaml.load(text, Loader=yaml.FullLoader)')],
      safe: [py('cfg = yaml.safe_load(text)'), py('cfg = yaml.load(text, Loader=yaml.SafeLoader)'), py('obj = json.loads(request.data)')],
    },
  }),
  defineAstRule({
    id: 'py/tls-verification-disabled',
    language: 'py',
    summary: 'TLS certificate verification turned off (verify=False)',
    why: 'Without certificate checks anyone on the network path can read and change the traffic.',
    fix: 'Keep verify on; point it at a CA bundle file for private CAs.',
    level: 'error',
    cwe: ['CWE-295'],
    precision: 'very-high',
    securitySeverity: 7.4,
    needs: ['verify=False', 'verify = False', '_create_unverified_context'],
    matcher: {
      rule: {
        any: [
          { kind: 'keyword_argument', all: [{ has: { field: 'name', regex: '^verify$' } }, { has: { field: 'value', regex: '^False$' } }], inside: { kind: 'call', stopBy: 'end' } },
          { pattern: 'ssl._create_unverified_context($$$)' },
        ],
      },
    },
    examples: {
      hit: [py('r = requests.get(url, verify=False)'), py('ctx = ssl._create_unverified_context()')],
      safe: [py("r = requests.get(url, verify='/etc/ssl/ca.pem')"), py('r = requests.get(url)')],
    },
  }),
  defineAstRule({
    id: 'py/weak-hash',
    language: 'py',
    summary: 'MD5 or SHA-1 hash',
    why: 'Collisions for MD5 and SHA-1 are practical; they must not protect integrity or passwords.',
    fix: 'Use hashlib.sha256 (or pass usedforsecurity=False for a non-security checksum).',
    level: 'warning',
    cwe: ['CWE-328'],
    precision: 'high',
    securitySeverity: 5.3,
    needs: ['md5', 'sha1'],
    matcher: {
      rule: {
        any: [{ pattern: 'hashlib.md5($$$)' }, { pattern: 'hashlib.sha1($$$)' }],
        not: { has: { field: 'arguments', has: { kind: 'keyword_argument', regex: '^usedforsecurity\\s*=\\s*False$' } } },
      },
    },
    examples: {
      hit: [py('digest = hashlib.md5(password.encode()).hexdigest()'), py('h = hashlib.sha1()')],
      safe: [py('h = hashlib.sha256(data)'), py('etag = hashlib.md5(body, usedforsecurity=False).hexdigest()')],
    },
  }),
];
