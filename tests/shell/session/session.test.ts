// The terminal session end to end in Node: host prompt, docker run -it into a
// container shell, changes, exit, and docker diff/commit/history on the host.
import { describe, expect, it } from 'vitest';
import { bindApi } from '../../../src/engine/api';
import { docker } from '../../../src/shell/commands/docker';
import { APPLET_MAGIC } from '../../../src/shell/host';
import { Session } from '../../../src/shell/session';
import { changes, dir, file, makeImage, newEngine } from '../../engine/helpers';

async function setup() {
  const engine = await newEngine();
  await makeImage(engine, 'toybox:latest', [{
    createdBy: '/bin/sh -c #(nop) ADD file:toybox in /',
    changes: changes({ '/bin': dir(), '/bin/sh': file(`${APPLET_MAGIC}sh\n`, 0o755), '/etc': dir(), '/etc/os-release': file('NAME=Toybox\n'), '/root': dir(0o700), '/tmp': dir(0o1777) }),
  }], { Cmd: ['sh'], Env: ['PATH=/bin'] });
  await makeImage(engine, 'scratchy:latest', [{ createdBy: 'ADD', changes: changes({ '/data': dir() }) }], { Cmd: ['bash'] });
  const api = bindApi(engine);
  const session = await Session.open({ engine, api, hostCommands: { docker }, applets: {}, dockerSubcommands: ['run', 'rm', 'rmi'] });
  let out = '';
  session.attach({ write: (t) => void (out += t) });
  const run = async (line: string) => {
    out = '';
    await session.submit(line);
    return out;
  };
  return { engine, api, session, run };
}

describe('a terminal session', () => {
  it('completes commands, docker subcommands, names and paths with Tab', async () => {
    const { session, run } = await setup();
    expect(session.complete('dock')).toEqual({ insert: 'er ', options: ['docker'] });
    expect(session.complete('cd hel')).toEqual({ insert: 'lo/', options: ['hello/'] });
    expect(session.complete('cat hello/Dock')).toEqual({ insert: 'erfile ', options: ['hello/Dockerfile'] });
    await run('true'); // names refresh after each command
    expect(session.complete('docker run -it toy').options).toEqual(['toybox:latest']);
  });

  it('opens on the host prompt with the example contexts', async () => {
    const { session, run } = await setup();
    expect(session.prompt()).toBe('learner@layerlab:~$ ');
    expect(await run('echo $HOME; cd hello; pwd')).toBe('/home/learner\n/home/learner/hello\n');
    expect(session.prompt()).toBe('learner@layerlab:~/hello$ ');
    expect(await run('nosuch')).toBe('bash: nosuch: command not found\n');
  });

  it('enters a container with docker run -it and leaves it with exit', async () => {
    const { session, run, api } = await setup();
    await run('docker run -it --name box toybox sh');
    expect(session.depth).toBe(2);
    const c = await api.inspectContainer('box');
    expect(session.prompt()).toBe(`root@${c.id.slice(0, 12)}:/# `);
    await run('echo hello > /root/note; cd /etc');
    expect(session.prompt()).toBe(`root@${c.id.slice(0, 12)}:/etc# `);
    expect(await run('exit')).toBe('exit\n');
    expect(session.depth).toBe(1);
    expect(session.prompt()).toBe('learner@layerlab:~$ ');
    expect(await run('docker diff box')).toBe('C /root\nA /root/note\n');
    expect((await api.inspectContainer('box')).state).toBe('exited');
    const id = (await run('docker commit -m "a note" box toybox:v2')).trim();
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await run('docker history toybox:v2')).toMatch(/^IMAGE +CREATED +CREATED BY +SIZE +COMMENT\n[0-9a-f]{12} .* sh +6B +a note\n/);
  });

  it('reports a missing executable as docker does', async () => {
    const { run } = await setup();
    const out = await run('docker run -it scratchy');
    expect(out).toContain('exec: "bash": executable file not found in $PATH');
    expect(await run('echo $?')).toBe('127\n');
    expect(await run('docker run nosuchimage')).toContain("Unable to find image 'nosuchimage:latest' locally");
  });

  it('checks arguments and flags like the docker CLI', async () => {
    const { run } = await setup();
    expect(await run('docker history')).toBe(`"docker history" requires exactly 1 argument.\nSee 'docker history --help'.\n\nUsage:  docker history [OPTIONS] IMAGE\n\nShow the history of an image\n`);
    expect(await run('docker ps --bogus')).toBe("unknown flag: --bogus\nSee 'docker ps --help'.\n");
    expect(await run('docker images --help')).toContain('Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]');
    expect(await run('docker image ls -q')).toMatch(/^[0-9a-f]{12}\n[0-9a-f]{12}\n$/);
    expect(await run('docker rmi nosuch')).toBe('Error response from daemon: No such image: nosuch\n');
  });

  it('saves and loads through files in the home directory', async () => {
    const { run } = await setup();
    expect(await run('docker save -o toy.tar toybox')).toBe('');
    expect(await run('docker rmi toybox')).toMatch(/^Untagged: toybox:latest\nDeleted: sha256:/);
    expect(await run('docker load -i toy.tar')).toBe('Loaded image: toybox:latest\n');
    expect(await run('docker save toybox')).toBe('cowardly refusing to save to a terminal. Use the -o flag or redirect\n');
  });
});
