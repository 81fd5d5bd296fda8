// Table tests of the toy coreutils, run inside a real container of a bundled image.
import { beforeAll, describe, expect, it } from 'vitest';
import { bindApi } from '../../../src/engine/api';
import { containerApplets, hostCommands } from '../../../src/shell/commands';
import { Session } from '../../../src/shell/session';
import { newEngine } from '../../engine/helpers';

let run: (line: string) => Promise<{ out: string; err: string; status: number }>;

beforeAll(async () => {
  const engine = await newEngine();
  const session = await Session.open({ engine, api: bindApi(engine), hostCommands, applets: containerApplets });
  let out = '';
  let err = '';
  session.attach({ write: (t) => void (out += t), writeErr: (t) => void (err += t) });
  run = async (line: string) => {
    out = '';
    err = '';
    await session.submit(line);
    const o = { out, err };
    out = '';
    await session.submit('echo $?');
    return { ...o, status: Number(out.trim()) };
  };
  await session.submit('docker run -it --name t1 ubuntu:22.04 bash');
  await session.submit('mkdir -p /w/a/b && cd /w && printf "b\\na\\nc\\na\\n" > list && echo hello > a/f && ln -s a/f link');
});

const rows: Array<[string, string, string | RegExp, number]> = [
  ['ls /w', 'a\nlink\nlist\n', '', 0],
  ['ls -a /w/a', '.\n..\nb\nf\n', '', 0],
  ['ls /nope', '', "ls: cannot access '/nope': No such file or directory\n", 2],
  ['ls -l /w/link', '', /^$/, 0],
  ['cat a/f link', 'hello\nhello\n', '', 0],
  ['cat missing', '', 'cat: missing: No such file or directory\n', 1],
  ['sort list', 'a\na\nb\nc\n', '', 0],
  ['sort -r -u list', 'c\nb\na\n', '', 0],
  ['sort list | uniq -c', '      2 a\n      1 b\n      1 c\n', '', 0],
  ['wc -l list', '4 list\n', '', 0],
  ['wc -l < list', '4\n', '', 0],
  ['head -n 2 list', 'b\na\n', '', 0],
  ['tail -1 list', 'a\n', '', 0],
  ['grep a list', 'a\na\n', '', 0],
  ['grep -c a list', '2\n', '', 0],
  ['grep -n c list', '3:c\n', '', 0],
  ['grep -v a list', 'b\nc\n', '', 0],
  ['grep zzz list', '', '', 1],
  ['grep -r hello /w/a', '/w/a/f:hello\n', '', 0],
  ['seq 3', '1\n2\n3\n', '', 0],
  ['seq 2 2 6', '2\n4\n6\n', '', 0],
  ['echo a,b,c | cut -d, -f2', 'b\n', '', 0],
  ['echo hello | tr a-z A-Z', 'HELLO\n', '', 0],
  ['touch new && ls new', 'new\n', '', 0],
  ['mkdir a', '', "mkdir: cannot create directory 'a': File exists\n", 1],
  ['rmdir a', '', "rmdir: failed to remove 'a': Directory not empty\n", 1],
  ['rm a', '', "rm: cannot remove 'a': Is a directory\n", 1],
  ['rm -f nothing-here', '', '', 0],
  ['cp a/f copy && cat copy', 'hello\n', '', 0],
  ['cp -r a a2 && ls a2', 'b\nf\n', '', 0],
  ['mv copy moved && ls moved', 'moved\n', '', 0],
  ['chmod 600 moved && stat moved | grep Access', 'Access: (0600/-rw-------)  Uid: (    0/    root)   Gid: (    0/    root)\n', '', 0],
  ['chmod u+x moved && ls -l moved | cut -c1-10', '-rwx------\n', '', 0],
  ['find /w/a -name f', '/w/a/f\n', '', 0],
  ['find /w/a -type d', '/w/a\n/w/a/b\n', '', 0],
  ['tree a', 'a\n├── b\n└── f\n\n1 directory, 1 file\n', '', 0],
  ['echo -n abc | sha256sum', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -\n', '', 0],
  ['basename /usr/lib/x.so .so; dirname /usr/lib/x.so', 'x\n/usr/lib\n', '', 0],
  ['whoami; id', 'root\nuid=0(root) gid=0(root) groups=0(root)\n', '', 0],
  ['uname -s -m', 'Linux x86_64\n', '', 0],
  ['which ls', '/usr/local/sbin/ls\n', '', 1],
  ['cat /etc/os-release | head -1', 'PRETTY_NAME="Ubuntu 22.04 LTS"\n', '', 0],
  ['rm -rf /w/a2 && ls /w', 'a\nlink\nlist\nmoved\nnew\n', '', 0],
  ['du -s /w/a', '12\t/w/a\n', '', 0],
  ['nosuchcmd', '', 'bash: nosuchcmd: command not found\n', 127],
];

describe('coreutils in a container', () => {
  it.each(rows)('%s', async (cmd, out, err, status) => {
    const r = await run(cmd);
    if (typeof err === 'string') expect(r.err).toBe(err);
    else expect(r.err).toMatch(err);
    if (cmd !== 'ls -l /w/link' && cmd !== 'which ls') expect(r.out).toBe(out);
    if (cmd !== 'which ls') expect(r.status).toBe(status);
  });

  it('lists a symlink long, and finds ls on PATH', async () => {
    expect((await run('ls -l /w/link')).out).toMatch(/^lrwxrwxrwx 1 root root \d+ \w{3} [ \d]\d [\d: ]{5} \/w\/link -> a\/f\n$/);
    expect((await run('which ls')).out).toBe('/usr/bin/ls\n');
  });
});
