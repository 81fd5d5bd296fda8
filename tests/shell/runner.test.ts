import { describe, expect, it } from 'vitest';
import { createHarness, BufferOutput } from './harness';
import { PullInput, createPipe, stringInput, runShellArgs, type InputStream } from '../../src/shell/interp';
import { MemFS, makeExec } from './harness';

/** Runs a script, aborting it after `ms`; returns the result and how long the run took after the abort. */
async function interrupted(script: string, ms: number, stdin?: InputStream) {
  const h = createHarness();
  const ctrl = new AbortController();
  const stdout = new BufferOutput();
  const stderr = new BufferOutput();
  let abortedAt = 0;
  setTimeout(() => { abortedAt = Date.now(); ctrl.abort('SIGINT'); }, ms);
  const status = await h.runner.run(script, { stdin: stdin ?? stringInput(''), stdout, stderr, signal: ctrl.signal });
  return { h, status, stdout: stdout.text(), stderr: stderr.text(), lag: Date.now() - abortedAt };
}

/** An input that never delivers anything, like a terminal nobody types into. */
const silentInput = () => new PullInput(() => new Promise<Uint8Array | null>(() => {}));

describe('Ctrl-C', () => {
  it('interrupts sleep promptly with status 130 and skips the rest', async () => {
    const r = await interrupted('sleep 10; echo after', 50);
    expect(r.status).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.lag).toBeLessThan(500);
  });

  it('interrupts a busy builtin loop', async () => {
    const r = await interrupted('while true; do :; done; echo after', 50);
    expect(r.status).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.lag).toBeLessThan(500);
  });

  it('interrupts a pipeline whose stages all run forever', async () => {
    const r = await interrupted('yes | grep y > /dev/null', 50);
    expect(r.status).toBe(130);
    expect(r.lag).toBeLessThan(500);
  });

  it('interrupts read waiting on a silent terminal', async () => {
    const r = await interrupted('read x; echo got', 50, silentInput());
    expect(r.status).toBe(130);
    expect(r.stdout).toBe('');
  });

  it('interrupts a function and a subshell', async () => {
    const r = await interrupted('f() { (sleep 5); echo no; }; f', 30);
    expect(r.status).toBe(130);
    expect(r.stdout).toBe('');
  });

  it('leaves the shell usable with $? = 130', async () => {
    const r = await interrupted('cd /tmp; sleep 10', 30);
    const next = await r.h.run('echo $?; pwd');
    expect(next.stdout).toBe('130\n/tmp\n');
  });
});

describe('pipes', () => {
  it('yes | head -1 terminates', async () => {
    const r = await createHarness().run('yes | head -1; echo done');
    expect(r.stdout).toBe('y\ndone\n');
    expect(r.status).toBe(0);
  });

  it('a writer loop stops when its reader is gone', async () => {
    const r = await createHarness().run('i=0; while true; do echo $i; i=$((i+1)); done | head -n 3');
    expect(r.stdout).toBe('0\n1\n2\n');
  });

  it('runs stages concurrently (cat waits for data that comes later)', async () => {
    const r = await createHarness().run('{ echo first; sleep 0.05; echo second; } | cat');
    expect(r.stdout).toBe('first\nsecond\n');
  });

  it('throttles a writer to its reader (drain)', async () => {
    const { reader, writer } = createPipe();
    writer.write(new Uint8Array(70 * 1024));
    let drained = false;
    const d = writer.drain().then(() => { drained = true; });
    await new Promise((r) => setTimeout(r, 10));
    expect(drained).toBe(false);
    await reader.read();
    await d;
    expect(drained).toBe(true);
  });

  it('tells the writer when the reader closes', async () => {
    let broken = 0;
    const { reader, writer } = createPipe(() => broken++);
    writer.write('x');
    reader.close();
    expect(broken).toBe(1);
    expect(writer.broken).toBe(true);
    writer.write('dropped');
    await writer.drain();
  });

  it('puts back what read did not consume', async () => {
    const r = await createHarness().run('{ read a; cat; } < /data/a.txt');
    expect(r.stdout).toBe('banana\ncherry\n');
  });
});

describe('session state', () => {
  it('keeps variables, functions, cwd and aliases across runs', async () => {
    const h = createHarness();
    await h.run('cd /tmp; x=1; f() { echo "f $x"; }; alias hi="echo hello"');
    const r = await h.run('pwd; f; hi');
    expect(r.stdout).toBe('/tmp\nf 1\nhello\n');
    expect(h.runner.cwd).toBe('/tmp');
    expect(h.runner.getVar('x')).toBe('1');
  });

  it('keeps $? across runs', async () => {
    const h = createHarness();
    await h.run('false');
    expect(h.runner.status).toBe(1);
    expect((await h.run('echo $?')).stdout).toBe('1\n');
  });

  it('reports exit with exitCode', async () => {
    const h = createHarness();
    expect(await h.run('echo ok')).toMatchObject({ status: 0 });
    expect(h.runner.exitCode).toBeNull();
    const r = await h.run('exit 4; echo no');
    expect(r).toEqual({ stdout: '', stderr: '', status: 4 });
    expect(h.runner.exitCode).toBe(4);
  });

  it('set -e ends the session at the first failure', async () => {
    const h = createHarness();
    const r = await h.run('set -e\necho one\nfalse\necho two');
    expect(r.stdout).toBe('one\n');
    expect(h.runner.exitCode).toBe(1);
  });

  it('exposes the exported environment and setVar', async () => {
    const h = createHarness();
    h.runner.setVar('NEW', 'v', { exported: true });
    await h.run('LOCAL=1; export EXP=2');
    const env = h.runner.env();
    expect(env.get('NEW')).toBe('v');
    expect(env.get('EXP')).toBe('2');
    expect(env.has('LOCAL')).toBe(false);
    expect(env.get('PWD')).toBe('/root');
  });

  it('names itself sh when asked', async () => {
    const r = await createHarness({ shellName: 'sh' }).run('nope; echo $0');
    expect(r).toEqual({ stdout: 'sh\n', stderr: 'sh: nope: command not found\n', status: 0 });
  });

  it('prints script-style messages when not interactive', async () => {
    const r = await createHarness({ interactive: false }).run('echo a\nnope\necho b\nfi\necho c');
    expect(r.stdout).toBe('a\nb\n');
    expect(r.stderr).toBe("bash: line 2: nope: command not found\nbash: line 4: syntax error near unexpected token `fi'\n");
    expect(r.status).toBe(2);
  });

  it('runs sh only where the exec handler finds it', async () => {
    const r = await createHarness({ noShell: true }).run('sh -c "echo x"');
    expect(r).toEqual({ stdout: '', stderr: 'bash: sh: command not found\n', status: 127 });
  });

  it('reads stdin given to run', async () => {
    const r = await createHarness().run('while read l; do echo "[$l]"; done; cat', { stdin: 'a\nb\n' });
    expect(r.stdout).toBe('[a]\n[b]\n');
  });

  it('writes files through the file handlers', async () => {
    const h = createHarness();
    await h.run('cd /tmp && printf "%s\\n" x y > out.txt && echo z >> out.txt');
    expect(h.fs.read('/tmp/out.txt')).toBe('x\ny\nz\n');
  });

  it('does not leak subshell changes', async () => {
    const h = createHarness();
    await h.run('(cd /tmp; X=1; export Y=2; f() { :; }; alias a=b; set -e)');
    expect(h.runner.cwd).toBe('/root');
    const r = await h.run('echo "[$X][$Y]"; type f; alias a; false; echo alive');
    expect(r.stdout).toBe('[][]\nalive\n');
  });
});

describe('runShellArgs', () => {
  it('runs sh -c for a command layer without a runner (docker run … sh -c)', async () => {
    const fs = new MemFS();
    fs.write('/bin/cat', '', 0o755);
    const stdout = new BufferOutput();
    const stderr = new BufferOutput();
    const status = await runShellArgs(['/bin/sh', '-c', 'echo "$0:$1:$PWD:$GREETING"; cat; nope; exit 9', 'name', 'one'], {
      exec: makeExec(fs), files: fs, env: new Map([['PATH', '/bin'], ['GREETING', 'hi']]), cwd: '/tmp',
      stdin: stringInput('piped\n'), stdout, stderr, signal: new AbortController().signal,
    });
    expect(stdout.text()).toBe('name:one:/tmp:hi\npiped\n');
    expect(stderr.text()).toBe('name: line 1: nope: command not found\n');
    expect(status).toBe(9);
  });

  it('rejects unknown options like bash', async () => {
    const stderr = new BufferOutput();
    const fs = new MemFS();
    const status = await runShellArgs(['bash', '-Q'], {
      exec: makeExec(fs), files: fs, env: new Map(), cwd: '/', stdin: stringInput(''), stdout: new BufferOutput(), stderr,
      signal: new AbortController().signal,
    });
    expect(status).toBe(2);
    expect(stderr.text()).toBe('bash: -Q: invalid option\n');
  });
});
