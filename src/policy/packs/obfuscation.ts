// Obfuscation: commands whose real content is only known at run time — decoded payloads piped to
// a shell, computed program names, eval of built strings, and lines too odd to analyse.
import { defineRule } from '../types.js';
import { runsStdinAsCode } from './remote-code.js';

export const PACK = 'obfuscation';

export const decodedExec = defineRule({
  id: 'obfuscation/decoded-exec',
  verdict: 'deny',
  summary: 'Runs decoded or unpacked data as code (base64 -d | sh and kin)',
  why: 'Encoding hides the command from review; there is no honest reason for it in a coding task.',
  fix: 'Write the command out in plain text.',
  on: ['exec', 'unknown'],
  match: (a) => (a.kind === 'unknown' && a.reason === 'decoded-exec') || (a.kind === 'exec' && a.stdinFrom === 'decoded' && runsStdinAsCode(a)),
  examples: {
    match: [{ Bash: 'echo cm0gLXJmIH4= | base64 -d | sh' }, { Bash: 'printf %s "$P" | base64 --decode | bash' }, { Bash: 'xxd -r -p payload.hex | sh' }, { Bash: 'bash -c "$(echo ZWNobyBoaQ== | base64 -d)"' }],
    pass: [{ Bash: 'echo aGVsbG8= | base64 -d' }, { Bash: 'base64 -d image.b64 > image.png' }, { Bash: 'base64 -d data.b64 | python3 -m json.tool' }],
  },
});

export const dynamicCommand = defineRule({
  id: 'obfuscation/dynamic-command',
  verdict: 'ask',
  summary: 'The program to run is computed at run time',
  why: 'When the command name comes from a variable or substitution, nobody can see what will run.',
  fix: 'Name the program directly.',
  on: ['unknown', 'exec'],
  match: (a) => (a.kind === 'unknown' && a.reason === 'dynamic-command') || (a.kind === 'exec' && a.program === null),
  examples: {
    match: [{ Bash: '$(echo rm) -rf build' }, { Bash: 'CMD=$(cat cmd.txt); $CMD' }, { Bash: '"${TOOL}" --version' }],
    pass: [{ Bash: 'npm run build' }, { Bash: 'X=1; echo $X' }],
  },
});

/** Tools whose documented set-up is `eval "$(tool …)"`: their output is their own shell code. */
const TRUSTED_ENV_SETUP = /\$\(\s*(ssh-agent|direnv|pyenv|rbenv|nodenv|goenv|jenv|fnm|brew|opam|conda|starship|zoxide|mise|rtx|asdf|keychain|gpg-agent|dircolors|thefuck)\b/;

export const evalDynamic = defineRule({
  id: 'obfuscation/eval-dynamic',
  verdict: 'ask',
  summary: 'Evaluates code assembled at run time (eval, source, exec of a built string)',
  why: 'The code that runs is not the code anyone read.',
  fix: 'Write the commands out, or run a checked-in script.',
  on: ['unknown'],
  match: (a) => a.kind === 'unknown' && a.reason === 'eval-dynamic' && !TRUSTED_ENV_SETUP.test(`${a.via.text ?? ''} ${a.detail}`),
  examples: {
    match: [{ Bash: 'eval "$(cat cmds.txt)"' }, { Bash: 'python3 -c "exec(open(\'x\').read())"' }],
    pass: [{ Bash: 'eval "$(ssh-agent -s)"' }, { Bash: 'python3 -c "print(1)"' }],
  },
});

export const unanalysable = defineRule({
  id: 'obfuscation/unanalysable',
  verdict: 'ask',
  summary: 'gatehouse could not fully analyse this command',
  why: 'Unbalanced quoting, extreme nesting or size, or syntax gatehouse does not model: it cannot vouch for what runs.',
  fix: 'Split the command into simpler steps, or run it yourself.',
  on: ['unknown'],
  match: (a) => a.kind === 'unknown' && (a.reason === 'parse-error' || a.reason === 'budget' || a.reason === 'unsupported'),
  examples: {
    match: [{ Bash: 'echo "unterminated' }, { Bash: 'x=$(((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))' }],
    pass: [{ Bash: 'echo "balanced"' }, { Bash: 'for f in *.ts; do wc -l "$f"; done' }],
  },
});

export const rules = [decodedExec, dynamicCommand, evalDynamic, unanalysable];
