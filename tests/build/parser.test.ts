import { describe, expect, it } from 'vitest';
import { reviveError, serializeError } from '../../src/engine/errors';
import { expandHeredoc, expandWord, expandWordWithMatches, expandWords } from '../../src/build/expand';
import {
  findStage, parseDockerfileStages, parseInstruction, parseMount, parseStages,
  type AddInstruction, type CopyInstruction, type RunInstruction,
} from '../../src/build/instructions';
import { dumpAst, dumpNode } from '../../src/build/parser/dump';
import { DockerfileParseError, formatParseError, parseErrorLocation } from '../../src/build/parser/errors';
import { goQuote } from '../../src/build/parser/gostr';
import { parseDockerfile, parseHeredoc } from '../../src/build/parser/parse';

/** Dump without the trailing newline, for one-line expectations. */
const dump = (text: string) => dumpAst(parseDockerfile(text)).trimEnd();

function catchErr(fn: () => unknown): DockerfileParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DockerfileParseError);
    return e as DockerfileParseError;
  }
  throw new Error('expected an error');
}

describe('dump of small Dockerfiles', () => {
  const table: [string, string][] = [
    ['FROM alpine', '(from "alpine")'],
    ['from alpine AS Build', '(from "alpine" "AS" "Build")'],
    ['FROM --platform=$BUILDPLATFORM golang:1.22 AS build', '(from ["--platform=$BUILDPLATFORM"] "golang:1.22" "AS" "build")'],
    ['COPY --from=build --chown=1:1 /out /app/', '(copy ["--from=build" "--chown=1:1"] "/out" "/app/")'],
    ['COPY --chown="me you" a b', '(copy ["--chown=me you"] "a" "b")'],
    ['COPY --link ["a b", "c"]', '(copy ["--link"] "a b" "c")'],
    ['RUN --mount=type=cache,target=/root/.cache pip install x', '(run ["--mount=type=cache,target=/root/.cache"] "pip install x")'],
    ['RUN --network=none ["echo", "hi"]', '(run ["--network=none"] "echo" "hi")'],
    ['RUN -- --notaflag', '(run "--notaflag")'],
    ['ONBUILD COPY --from=x a b', '(onbuild (copy ["--from=x"] "a" "b"))'],
    ['ONBUILD RUN ["a", "b"]', '(onbuild (run "a" "b"))'],
    ['ENTRYPOINT ["/bin/sh", "-c"]', '(entrypoint "/bin/sh" "-c")'],
    ['SHELL ["pwsh", "-Command"]', '(shell "pwsh" "-Command")'],
    ['CMD ["\\u00e9\\u0001\\u007f\\u00a0"]', '(cmd "é\\x01\\x7f\\u00a0")'],
    ['CMD ["😀", "\\t"]', '(cmd "😀" "\\t")'],
    ['CMD [ "a", 1 ]x', '(cmd "[ \\"a\\", 1 ]x")'],
    ['ENV A=1 B="2 3"', '(env "A" "1" "=" "B" "\\"2 3\\"" "=")'],
    ['ENV A 1 2  3', '(env "A" "1 2  3" "")'],
    ['LABEL "com.example.key"="v"', '(label "\\"com.example.key\\"" "\\"v\\"" "=")'],
    ['ARG A B=2 C="x y"', '(arg "A" "B=2" "C=\\"x y\\"")'],
    ['EXPOSE 80/tcp  443', '(expose "80/tcp" "443")'],
    ['VOLUME ["/a", "/b"]', '(volume "/a" "/b")'],
    ['STOPSIGNAL SIGKILL', '(stopsignal "SIGKILL")'],
    ['HEALTHCHECK NONE', '(healthcheck "NONE")'],
    ['HEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1', '(healthcheck ["--interval=5s"] "CMD" "curl -f http://x/ || exit 1")'],
    ['MAINTAINER Jane <j@x.org>', '(maintainer "Jane <j@x.org>")'],
    ['WORKDIR  /a b ', '(workdir "/a b")'],
    ['USER 1000:1000', '(user "1000:1000")'],
    ['RUN echo a \\\n  # comment in a continuation\n  b', '(run "echo a   b")'],
    ['   RUN    echo   x   ', '(run "echo   x")'],
    ['FROM a\r\nRUN b \\\r\n c\r\n', '(from "a")\n(run "b  c")'],
    ['\uFEFFFROM a', '(from "a")'],
    ['RUN <<EOF\necho hi\nEOF', '(run "<<EOF")'],
    ['COPY <<EOF /dest\nhello\nEOF\nRUN x', '(copy "<<EOF" "/dest")\n(run "x")'],
  ];
  it.each(table)('%j', (text, expected) => {
    expect(dump(text)).toBe(expected);
  });

  it('dumpAst ends with a newline; dumpNode of one instruction has none', () => {
    const r = parseDockerfile('FROM a\nRUN b');
    expect(dumpAst(r)).toBe('(from "a")\n(run "b")\n');
    expect(dumpNode(r.ast.children[1])).toBe('run "b"');
  });

  it('goQuote matches strconv.Quote', () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('\x00\x07\x08\f\n\r\t\v')).toBe('"\\x00\\a\\b\\f\\n\\r\\t\\v"');
    expect(goQuote('\u200b\u{e0001}')).toBe('"\\u200b\\U000e0001"');
    expect(goQuote('♥ ☃')).toBe('"♥ ☃"');
  });
});

describe('line ranges and continuations', () => {
  it('gives each instruction its 1-based line range', () => {
    const text = [
      '# comment', //            1
      '',                       // 2
      'FROM a',                 // 3
      'RUN one \\',             // 4
      '',                       // 5 empty continuation line
      '  two \\',               // 6
      '# inner comment',        // 7
      '  three',                // 8
      'COPY <<EOF /x',          // 9
      'body',                   // 10
      'EOF',                    // 11
      'CMD x',                  // 12
    ].join('\n');
    const r = parseDockerfile(text);
    expect(r.ast.children.map((c) => [c.value, c.startLine, c.endLine])).toEqual([
      ['FROM', 3, 3], ['RUN', 4, 8], ['COPY', 9, 11], ['CMD', 12, 12],
    ]);
    expect([r.ast.startLine, r.ast.endLine]).toEqual([3, 12]);
    expect(r.warnings).toEqual([expect.objectContaining({
      message: 'Empty continuation line found in: RUN one   two   three', line: 8, startLine: 4, endLine: 8,
    })]);
    // as in BuildKit, a blank line does not end a comment block (only a bare `#` does)
    expect(r.ast.children[0].prevComment).toEqual(['comment']);
  });

  it('collects comments directly above an instruction', () => {
    const r = parseDockerfile('# syntax=docker/dockerfile:1\n# base image\n# second\nFROM a\n#\n# x sets x\nARG x');
    expect(r.ast.children[0].prevComment).toEqual(['base image', 'second']);
    expect(r.ast.children[1].prevComment).toEqual(['x sets x']);
  });

  it('a continuation at end of file ends the instruction', () => {
    expect(dump('FROM a\nRUN x \\')).toBe('(from "a")\n(run "x")');
  });
});

describe('parser directives', () => {
  it('reads escape and syntax at the top, keys case-insensitively', () => {
    const r = parseDockerfile('# SYNTAX = docker/dockerfile:1.7\n#Escape=`\nFROM a\nRUN dir c:\\ `\n  && echo `\n  hi');
    expect(r.directives).toEqual({ escape: '`', syntax: 'docker/dockerfile:1.7', check: null });
    expect(dumpAst(r)).toBe('(from "a")\n(run "dir c:\\\\   && echo   hi")\n');
  });

  it('with escape=` a backslash at the end of a line is literal', () => {
    expect(dump('# escape=`\nFROM a\nRUN echo \\\nCMD x')).toBe('(from "a")\n(run "echo \\\\")\n(cmd "x")');
  });

  it('ignores directives after a blank line, a comment or an instruction', () => {
    expect(parseDockerfile('\n# escape=`\nFROM a').directives.escape).toBe('\\');
    expect(parseDockerfile('# hello\n# escape=`\nFROM a').directives.escape).toBe('\\');
    expect(parseDockerfile('FROM a\n# escape=`\nRUN b').directives.escape).toBe('\\');
    expect(parseDockerfile('# unknown=1\n# escape=`\nFROM a').directives.escape).toBe('\\');
  });

  it('a directive line is not a comment of the first instruction', () => {
    expect(parseDockerfile('# escape=`\n# about a\nFROM a').ast.children[0].prevComment).toEqual(['about a']);
  });

  it.each([
    ['# escape=x\nFROM a', "invalid escape token 'x' does not match ` or \\", 1],
    ['# escape=`\n# escape=\\\nFROM a', 'only one escape parser directive can be used', 2],
    ['# syntax=a\n# SYNTAX=b\nFROM a', 'only one syntax parser directive can be used', 2],
  ])('%j fails with %j on line %i', (text, message, line) => {
    const e = catchErr(() => parseDockerfile(text));
    expect(e.message).toBe(message);
    expect([e.data.startLine, e.data.endLine]).toEqual([line, line]);
  });
});

describe('errors', () => {
  const table: [string, string, number, number][] = [
    ['FROM a\n\nRUNN echo', 'dockerfile parse error on line 3: unknown instruction: RUNN (did you mean RUN?)', 3, 3],
    ['FROM a\nruN x\ncopyy a b', 'dockerfile parse error on line 3: unknown instruction: copyy (did you mean copy?)', 3, 3],
    ['FROM a\nBADCMD \\\n  more', 'dockerfile parse error on line 2: unknown instruction: BADCMD', 2, 3],
    ['FROM a\nENV PATH', 'ENV must have two arguments', 2, 2],
    ['FROM a\nLABEL a=b c', 'Syntax error - can\'t find = in "c". Must be of the form: name=value', 2, 2],
    ['FROM a\nCMD [ "a", ["b"] ]', 'when using JSON array syntax, arrays must be comprised of strings only', 2, 2],
    ['FROM a\nRUN <<EOF\necho\n', 'unterminated heredoc', 2, 3],
    ['FROM a\nRUN <<EOF cat \\\n  x\nbody', 'unterminated heredoc', 2, 4],
    ['', 'file with no instructions', 1, 1],
    ['# only\n\n# comments\n', 'file with no instructions', 3, 3],
    // an error BuildKit's parser raises beats an unknown instruction on an earlier line
    ['FROM a\nRUNN x\nENV y', 'ENV must have two arguments', 3, 3],
  ];
  it.each(table)('%j -> %j', (text, message, startLine, endLine) => {
    const e = catchErr(() => parseDockerfile(text));
    expect(e.code).toBe('DOCKERFILE_PARSE');
    expect(e.message).toBe(message);
    expect(formatParseError(e)).toBe(message);
    expect(e.data).toMatchObject({ startLine, endLine });
  });

  it.each([
    '["a",42,"b"]', '["a",123.456,"b"]', '["a",{},"b"]', '["a",{"c": "d"},"b"]', '["a",["c"],"b"]',
    '["a",true,"b"]', '["a",false,"b"]', '["a",null,"b"]',
  ])('JSON array with a non-string %s is an error', (json) => {
    for (const ins of ['CMD', 'RUN', 'COPY', 'VOLUME', 'HEALTHCHECK CMD']) {
      expect(catchErr(() => parseDockerfile(`FROM a\n${ins} ${json}`)).message)
        .toBe('when using JSON array syntax, arrays must be comprised of strings only');
    }
  });

  it('unknown instructions can be kept, dumped as BuildKit does', () => {
    const r = parseDockerfile('FROM a\nRUNN x y', { unknownInstructions: 'keep' });
    expect(dumpAst(r)).toBe('(from "a")\n(runn "")\n');
  });

  const stageTable: [string, string, number, number][] = [
    ['FROM a\nCOPY a', 'dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined', 2, 2],
    ['FROM a\nCOPY a\nRUNN x', 'dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined', 2, 2],
    ['FROM a\nCOPY --foo a b', 'dockerfile parse error on line 2: unknown flag: --foo (did you mean from?)', 2, 2],
    ['FROM a\nCOPY --bogus a b', 'dockerfile parse error on line 2: unknown flag: --bogus', 2, 2],
    ['FROM a\nCOPY --from a b', 'dockerfile parse error on line 2: missing a value on flag: --from', 2, 2],
    ['FROM a\nCOPY --link=maybe a b', 'dockerfile parse error on line 2: expecting boolean value for flag --link, not: maybe', 2, 2],
    ['FROM a\nCOPY --from=x --from=y a b', 'dockerfile parse error on line 2: duplicate flag specified: --from', 2, 2],
    ['FROM a\nMAINTAINER --boo joe@example.com', 'dockerfile parse error on line 2: unknown flag: --boo', 2, 2],
    ['FROM', 'dockerfile parse error on line 1: FROM requires either one or three arguments', 1, 1],
    ['FROM a b', 'dockerfile parse error on line 1: FROM requires either one or three arguments', 1, 1],
    ['FROM a AS 1x', 'dockerfile parse error on line 1: invalid name for build stage: "1x", name can\'t start with a number or contain symbols', 1, 1],
    ['FROM a\nWORKDIR', 'dockerfile parse error on line 2: WORKDIR requires exactly one argument', 2, 2],
    ['FROM a\nUSER', 'dockerfile parse error on line 2: USER requires exactly one argument', 2, 2],
    ['FROM a\nEXPOSE', 'dockerfile parse error on line 2: EXPOSE requires at least one argument', 2, 2],
    ['FROM a\nENV', 'dockerfile parse error on line 2: ENV requires at least one argument', 2, 2],
    ['FROM a\nENV =x', 'dockerfile parse error on line 2: ENV names can not be blank', 2, 2],
    ['FROM a\nARG =x', 'dockerfile parse error on line 2: ARG names can not be blank', 2, 2],
    ['FROM a\nVOLUME [""]', 'dockerfile parse error on line 2: VOLUME specified can not be an empty string', 2, 2],
    ['FROM a\nSHELL sh -c', 'dockerfile parse error on line 2: SHELL requires the arguments to be in JSON form', 2, 2],
    ['FROM a\nONBUILD ONBUILD RUN x', 'dockerfile parse error on line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed', 2, 2],
    ['FROM a\nONBUILD FROM b', 'dockerfile parse error on line 2: FROM isn\'t allowed as an ONBUILD trigger', 2, 2],
    ['FROM a\nHEALTHCHECK CMD', 'dockerfile parse error on line 2: Missing command after HEALTHCHECK CMD', 2, 2],
    ['FROM a\nHEALTHCHECK CONNECT x', 'dockerfile parse error on line 2: Unknown type "CONNECT" in HEALTHCHECK (try CMD)', 2, 2],
    ['FROM a\nHEALTHCHECK NONE x', 'dockerfile parse error on line 2: HEALTHCHECK NONE takes no arguments', 2, 2],
    ['FROM a\nHEALTHCHECK --interval=50ns CMD x', 'dockerfile parse error on line 2: Interval "interval" cannot be less than 1ms', 2, 2],
    ['FROM a\nHEALTHCHECK --timeout=5 CMD x', 'dockerfile parse error on line 2: time: missing unit in duration "5"', 2, 2],
    ['FROM a\nHEALTHCHECK --retries=-1 CMD x', 'dockerfile parse error on line 2: --retries cannot be negative (-1)', 2, 2],
    ['FROM a\nCOPY /foo <<EOF\nEOF', 'dockerfile parse error on line 2: COPY cannot accept a heredoc as a destination', 2, 3],
    ['FROM a\nRUN --network=lan x', 'dockerfile parse error on line 2: invalid network mode "lan"', 2, 2],
    ['FROM a\nRUN --mount=from=$X,target=/x y', 'dockerfile parse error on line 2: \'from\' doesn\'t support variable expansion, define alias stage instead', 2, 2],
    ['RUN x', 'no build stage in current context', 1, 1],
  ];
  it.each(stageTable)('stages of %j -> %j', (text, message, startLine, endLine) => {
    const e = catchErr(() => parseDockerfileStages(text));
    expect(e.message).toBe(message);
    expect(e.data).toMatchObject({ startLine, endLine });
  });

  it('formatParseError and the location survive postMessage serialization', () => {
    const e = catchErr(() => parseDockerfile('FROM a\nRUNN x'));
    const s = serializeError(e);
    expect(formatParseError(s)).toBe('dockerfile parse error on line 2: unknown instruction: RUNN (did you mean RUN?)');
    expect(parseErrorLocation(s)).toEqual({ startLine: 2, endLine: 2 });
    const revived = reviveError(JSON.parse(JSON.stringify(s)));
    expect(revived.code).toBe('DOCKERFILE_PARSE');
    expect(parseErrorLocation(revived)).toEqual({ startLine: 2, endLine: 2 });
    expect(formatParseError('boom')).toBe('boom');
    expect(parseErrorLocation(new Error('x'))).toBeNull();
  });
});

describe('heredocs', () => {
  const table: [string, { name: string; content: string; expand: boolean; chomp: boolean; fileDescriptor: number }[]][] = [
    ['RUN <<EMPTY\nEMPTY', [{ name: 'EMPTY', content: '', expand: true, chomp: false, fileDescriptor: 0 }]],
    ['RUN 3<<EMPTY2\nEMPTY2', [{ name: 'EMPTY2', content: '', expand: true, chomp: false, fileDescriptor: 3 }]],
    ['RUN "<<NOHEREDOC"', []],
    ['RUN <<INDENT\n\tfoo\n\tbar\nINDENT', [{ name: 'INDENT', content: '\tfoo\n\tbar\n', expand: true, chomp: false, fileDescriptor: 0 }]],
    ['RUN <<-UNINDENT2\n\tbaz\n\tquux\n\tUNINDENT2', [{ name: 'UNINDENT2', content: '\tbaz\n\tquux\n', expand: true, chomp: true, fileDescriptor: 0 }]],
    ["RUN <<-'NOEXPAND'\n\tdon't expand $NAME\nNOEXPAND", [{ name: 'NOEXPAND', content: "\tdon't expand $NAME\n", expand: false, chomp: true, fileDescriptor: 0 }]],
    ['RUN <<COMMENT\n# internal comment\necho x # trailing\nCOMMENT', [{ name: 'COMMENT', content: '# internal comment\necho x # trailing\n', expand: true, chomp: false, fileDescriptor: 0 }]],
    ['RUN --mount=type=cache,target=/foo <<MOUNT\necho hello\nMOUNT', [{ name: 'MOUNT', content: 'echo hello\n', expand: true, chomp: false, fileDescriptor: 0 }]],
    ['COPY <<X <<Y /dest\nY\nX\nX\nY', [
      { name: 'X', content: 'Y\n', expand: true, chomp: false, fileDescriptor: 0 },
      { name: 'Y', content: 'X\n', expand: true, chomp: false, fileDescriptor: 0 },
    ]],
    ["RUN <<eo'f'\necho foo\neof", [{ name: 'eof', content: 'echo foo\n', expand: false, chomp: false, fileDescriptor: 0 }]],
    ["RUN <<eo\\'f\necho foo\neo'f", [{ name: "eo'f", content: 'echo foo\n', expand: true, chomp: false, fileDescriptor: 0 }]],
    ["RUN <<'one two'\necho bar\none two", [{ name: 'one two', content: 'echo bar\n', expand: false, chomp: false, fileDescriptor: 0 }]],
    ['RUN <<$EOF\n$EOF', [{ name: '$EOF', content: '', expand: true, chomp: false, fileDescriptor: 0 }]],
    ['RUN <<  EOF  > foo\nEOF', [{ name: 'EOF', content: '', expand: true, chomp: false, fileDescriptor: 0 }]],
    ['RUN <<EOF\r\nwin\r\nEOF\r\n', [{ name: 'EOF', content: 'win\r\n', expand: true, chomp: false, fileDescriptor: 0 }]],
    ['RUN ["<<EOF"]', []],
    ['USER <<INVALID', []],
    ['ONBUILD RUN <<EOF\nx\nEOF', [{ name: 'EOF', content: 'x\n', expand: true, chomp: false, fileDescriptor: 0 }]],
  ];
  it.each(table)('%j', (text, expected) => {
    const r = parseDockerfile('FROM a\n' + text);
    expect(r.ast.children[1].heredocs).toEqual(expected);
  });

  it('lines after a heredoc body are instructions again', () => {
    const r = parseDockerfile('FROM a\nRUN <<EOF\nUSER root\nEOF\nUSER nobody');
    expect(r.ast.children.map((c) => c.value)).toEqual(['FROM', 'RUN', 'USER']);
    expect(r.ast.children[2].startLine).toBe(5);
  });

  it('parseHeredoc accepts, rejects and errors like BuildKit', () => {
    for (const src of ['<<EOF', "<<'EOF'", '<<"EOF"', '<<-EOF', "<<-'EOF'", '<<-"EOF"', '<<EO"F"', '<< EOF', '<<- EOF']) {
      expect(parseHeredoc(src)?.name).toBe('EOF');
    }
    for (const src of ['', 'EOF', '<<', '<<-', '<EOF', '<<<EOF', '<<EOF sh']) expect(parseHeredoc(src)).toBeNull();
    for (const src of ["<<'EOF", '<<"EOF', "<<EOF'", '<<EOF"']) expect(() => parseHeredoc(src)).toThrow();
  });
});

describe('typed instructions', () => {
  const parseOne = (line: string) => parseInstruction(parseDockerfile('FROM a\n' + line).ast.children[1]);

  it('RUN shell form, exec form, mounts and heredocs', () => {
    const sh = parseOne('RUN --mount=type=cache,target=/c --network=none echo  hi') as RunInstruction;
    expect(sh).toMatchObject({
      kind: 'RUN', cmdLine: ['echo  hi'], prependShell: true, mounts: ['type=cache,target=/c'], network: 'none',
      security: 'sandbox', startLine: 2, endLine: 2, original: 'RUN --mount=type=cache,target=/c --network=none echo  hi',
    });
    expect(sh.flagsUsed.sort()).toEqual(['mount', 'network']);
    expect(parseOne('RUN ["echo", "hi"]')).toMatchObject({ cmdLine: ['echo', 'hi'], prependShell: false });
    const hd = parseOne('RUN <<EOF\necho hi\nEOF') as RunInstruction;
    expect(hd).toMatchObject({ cmdLine: ['<<EOF'], prependShell: true, endLine: 4 });
    expect(hd.heredocs).toEqual([{ name: 'EOF', content: 'echo hi\n', expand: true, chomp: false, fileDescriptor: 0 }]);
  });

  it('COPY / ADD with flags and heredoc sources', () => {
    const c = parseOne('COPY --from=build --chown=app:app --chmod=755 --link --exclude=*.md --exclude=x src1 src2 /dst/') as CopyInstruction;
    expect(c).toMatchObject({
      kind: 'COPY', sources: ['src1', 'src2'], sourceContents: [], dest: '/dst/', from: 'build', chown: 'app:app',
      chmod: '755', link: true, parents: false, exclude: ['*.md', 'x'],
    });
    const plain = parseOne('COPY a b') as CopyInstruction;
    expect(plain).toMatchObject({ from: null, chown: null, chmod: null, link: false });
    const h = parseOne("COPY <<-EOF <<'RAW' /dst\n\tone\nEOF\n$x\nRAW") as CopyInstruction;
    expect(h.sources).toEqual([]);
    expect(h.sourceContents).toEqual([
      { path: 'EOF', data: 'one\n', expand: true },
      { path: 'RAW', data: '$x\n', expand: false },
    ]);
    const a = parseOne('ADD --checksum=sha256:abc --keep-git-dir=false https://x/y.tar /') as AddInstruction;
    expect(a).toMatchObject({ kind: 'ADD', checksum: 'sha256:abc', keepGitDir: false, unpack: null, sources: ['https://x/y.tar'], dest: '/' });
    expect(() => parseOne('ADD --from=x a b')).toThrow('unknown flag: --from');
  });

  it('ENV / LABEL / ARG', () => {
    expect(parseOne('ENV A=1 B="x y"')).toMatchObject({ pairs: [{ key: 'A', value: '1', noDelim: false }, { key: 'B', value: '"x y"', noDelim: false }] });
    expect(parseOne('ENV PATH /usr/bin:$PATH')).toMatchObject({ pairs: [{ key: 'PATH', value: '/usr/bin:$PATH', noDelim: true }] });
    expect(parseOne('LABEL a=b')).toMatchObject({ kind: 'LABEL', labels: [{ key: 'a', value: 'b' }] });
    expect(parseOne('ARG A B=2 C=')).toMatchObject({
      args: [{ key: 'A', value: null }, { key: 'B', value: '2' }, { key: 'C', value: '' }],
    });
  });

  it('CMD / ENTRYPOINT / SHELL / HEALTHCHECK / others', () => {
    expect(parseOne('CMD echo $HOME')).toMatchObject({ kind: 'CMD', cmdLine: ['echo $HOME'], prependShell: true });
    expect(parseOne('CMD []')).toMatchObject({ cmdLine: [], prependShell: false });
    expect(parseOne('ENTRYPOINT []')).toMatchObject({ kind: 'ENTRYPOINT', cmdLine: null });
    expect(parseOne('SHELL ["/bin/bash", "-c"]')).toMatchObject({ shell: ['/bin/bash', '-c'] });
    expect(parseOne('HEALTHCHECK --interval=1m30s --timeout=1.5s --retries=3 CMD curl -f x')).toMatchObject({
      health: { test: ['CMD-SHELL', 'curl -f x'], interval: 90e9, timeout: 1.5e9, startPeriod: 0, startInterval: 0, retries: 3 },
    });
    expect(parseOne('HEALTHCHECK CMD ["curl", "x"]')).toMatchObject({ health: { test: ['CMD', 'curl', 'x'] } });
    expect(parseOne('healthcheck none')).toMatchObject({ health: { test: ['NONE'] } });
    expect(parseOne('EXPOSE 8080 443/tcp 80')).toMatchObject({ ports: ['443/tcp', '80', '8080'] });
    expect(parseOne('VOLUME /a /b')).toMatchObject({ volumes: ['/a', '/b'] });
    expect(parseOne('WORKDIR /app')).toMatchObject({ kind: 'WORKDIR', path: '/app' });
    expect(parseOne('USER app')).toMatchObject({ user: 'app' });
    expect(parseOne('STOPSIGNAL SIGTERM')).toMatchObject({ signal: 'SIGTERM' });
    expect(parseOne('MAINTAINER me')).toMatchObject({ maintainer: 'me' });
    expect(parseOne('onbuild  RUN echo hi')).toMatchObject({ kind: 'ONBUILD', expression: 'RUN echo hi' });
    expect(parseOne('ONBUILD RUN <<EOF\nx\nEOF')).toMatchObject({ expression: 'RUN <<EOF\nx\nEOF' });
  });

  it('groups stages; ARGs before the first FROM are meta ARGs', () => {
    const text = [
      '# the base',
      'ARG BASE=alpine',
      '# build stage',
      'FROM --platform=$BUILDPLATFORM $BASE AS Build',
      'RUN make',
      'FROM scratch',
      'ARG BASE',
      'COPY --from=build /out /',
    ].join('\n');
    const { stages, metaArgs } = parseDockerfileStages(text);
    expect(metaArgs.map((a) => a.args)).toEqual([[{ key: 'BASE', value: 'alpine', docComment: '' }]]);
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatchObject({ name: 'build', baseName: '$BASE', platform: '$BUILDPLATFORM', startLine: 4, endLine: 4, docComment: 'stage' });
    expect(stages[0].commands.map((c) => c.kind)).toEqual(['RUN']);
    expect(stages[1]).toMatchObject({ name: null, baseName: 'scratch', platform: null });
    expect(stages[1].commands.map((c) => c.kind)).toEqual(['ARG', 'COPY']);
    expect(findStage(stages, 'BUILD')).toBe(0);
    expect(findStage(stages, '1')).toBe(1);
    expect(findStage(stages, 'nope')).toBe(-1);
    expect(parseStages(parseDockerfile('ARG A\nARG B')).stages).toEqual([]);
  });
});

describe('RUN --mount parsing', () => {
  const id = (w: string) => w;
  it('parses and defaults like BuildKit', () => {
    expect(parseMount('type=cache,target=/root/.cache,id=pip,sharing=locked', id)).toMatchObject({
      type: 'cache', target: '/root/.cache', cacheId: 'pip', cacheSharing: 'locked', readOnly: false,
    });
    expect(parseMount('target=/src', id)).toMatchObject({ type: 'bind', target: '/src', readOnly: true });
    expect(parseMount('type=bind,source=.,target=/src,rw', id)).toMatchObject({ readOnly: false, source: '.' });
    expect(parseMount('type=tmpfs,target=/t,size=64m', id)).toMatchObject({ sizeLimit: 64 * 1024 * 1024, readOnly: false });
    expect(parseMount('type=secret,id=tok,required', id)).toMatchObject({ type: 'secret', cacheId: 'tok', required: true });
    expect(parseMount('type=cache,target=/c,mode=0755,uid=1000', id)).toMatchObject({ mode: 0o755, uid: 1000, gid: null });
    expect(parseMount('type=cache,target=$DIR', (w) => w.replace('$DIR', '/x'))).toMatchObject({ target: '/x' });
    expect(parseMount('"target=/a,b",type=bind', id)).toMatchObject({ target: '/a,b' });
  });
  it.each([
    ['type=cahce,target=/x', 'unsupported mount type "cahce" (did you mean cache?)'],
    ['type=bind,target=/x,mode=0755', 'mode not allowed for "bind" type mounts'],
    ['type=secret', 'invalid secret mount. one of source, target required'],
    ['type=bind,sharing=shared,target=/x', 'invalid cache sharing set for bind mount'],
    ['type=bind,tagret=/x', "unexpected key 'tagret' in 'tagret=/x' (did you mean target?)"],
    ['type=bind,foo', "invalid field 'foo' must be a key=value pair"],
    ['target=/x,ro=maybe', 'invalid value for ro: maybe'],
  ])('%j -> %j', (spec, message) => {
    expect(() => parseMount(spec, id)).toThrow(message);
  });
});

describe('variable expansion', () => {
  const env = { PWD: '/home', SHELL: 'bash', EMPTY: '', SPACE: 'a  b', FILE: 'archive.tar.gz', PATHV: '/a/b/c' };
  const table: [string, Record<string, string>, string][] = [
    ['hello', env, 'hello'],
    ['he$PWD', env, 'he/home'],
    ['he${PWD}x', env, 'he/homex'],
    ['$NOPE-x', env, '-x'],
    ['he\\$PWD', env, 'he$PWD'],
    ['he\\\\$PWD', env, 'he\\/home'],
    ['"he\\$PWD"', env, 'he$PWD'],
    ["'$PWD'", env, '$PWD'],
    ['"$PWD"', env, '/home'],
    ['"he\'$PWD\'"', env, "he'/home'"],
    ['abc\\tdef', env, 'abctdef'],
    ['"abc\\tdef"', env, 'abc\\tdef'],
    ['${NOPE:-default}', env, 'default'],
    ['${EMPTY:-default}', env, 'default'],
    ['${EMPTY-default}', env, ''],
    ['${NOPE-default}', env, 'default'],
    ['${PWD:+set}', env, 'set'],
    ['${EMPTY:+set}', env, ''],
    ['${EMPTY+set}', env, 'set'],
    ['${NOPE+set}', env, ''],
    ['${NOPE:-${PWD:-x}}', env, '/home'],
    ['${PWD?}', env, '/home'],
    ['${EMPTY?}', env, ''],
    ['${FILE%.*}', env, 'archive.tar'],
    ['${FILE%%.*}', env, 'archive'],
    ['${FILE#*.}', env, 'tar.gz'],
    ['${FILE##*.}', env, 'gz'],
    ['${PATHV/\\//:}', env, ':a/b/c'],
    ['${PATHV//\\//:}', env, ':a:b:c'],
    ['${PATHV//b/$SHELL}', env, '/a/bash/c'],
    ['$1x', env, 'x'],
    ['$', env, '$'],
    ['$.', env, '$.'],
    ['a b  c', env, 'a b  c'],
    ['hello\\', env, 'hello'],
    ['안녕$PWD', env, '안녕/home'],
  ];
  it.each(table)('expandWord(%j)', (word, e, expected) => {
    expect(expandWord(word, e)).toBe(expected);
  });

  it('accepts a Map and an EnvGetter', () => {
    expect(expandWord('$A-$B', new Map([['A', '1'], ['B', '2']]))).toBe('1-2');
    expect(expandWord('$A', { get: (k: string) => (k === 'A' ? 'x' : undefined) })).toBe('x');
    expect(expandWord('$toString', {})).toBe('');
  });

  it.each([
    ["he'llo", 'unexpected end of statement while looking for matching single-quote'],
    ['"hello', 'unexpected end of statement while looking for matching double-quote'],
    ['${}', 'bad substitution'],
    ['${PWD:-x', "syntax error: missing '}'"],
    ['${PWD', 'unsupported modifier (\uFFFD) in substitution'],
    ['${PWD:=x}', 'unsupported modifier (:=) in substitution'],
    ['${NOPE?}', 'NOPE: is not allowed to be unset'],
    ['${EMPTY:?must be set}', 'EMPTY: must be set'],
    ['${PWD:#x}', 'unsupported modifier (:#) in substitution'],
  ])('expandWord(%j) fails: %j', (word, message) => {
    expect(() => expandWord(word, env)).toThrow(message);
    try {
      expandWord(word, env);
    } catch (e) {
      expect((e as Error).message.startsWith(`failed to process ${goQuote(word)}: `)).toBe(true);
    }
  });

  const words: [string, Record<string, string>, string[]][] = [
    ['hello there', {}, ['hello', 'there']],
    ['hello\\ there', {}, ['hello there']],
    ['hello" there  "', {}, ['hello there  ']],
    ['hello${space}bye', { space: 'abc  def' }, ['helloabc', 'defbye']],
    ['hello"${space}"bye', { space: 'abc  def' }, ['helloabc  defbye']],
    ['${leading}x', { leading: '  ab c' }, ['ab', 'cx']],
    ['80/tcp $PORTS', { PORTS: '443 8080/udp' }, ['80/tcp', '443', '8080/udp']],
    ['a "" b', {}, ['a', 'b']],
    ['hello\\" there', {}, ['hello"', 'there']],
  ];
  it.each(words)('expandWords(%j)', (word, e, expected) => {
    expect(expandWords(word, e)).toEqual(expected);
  });

  it('uses the escape token from the escape directive', () => {
    expect(expandWord('C:\\dir\\$X', { X: 'y' }, '`')).toBe('C:\\dir\\y');
    expect(expandWord('a`$X', { X: 'y' }, '`')).toBe('a$X');
  });

  it('reports matched and unmatched names', () => {
    const r = expandWordWithMatches('$A ${B:-x} $A', { A: '1' });
    expect(r.result).toBe('1 x 1');
    expect([...r.matched]).toEqual(['A']);
    expect([...r.unmatched]).toEqual(['B']);
  });

  it('heredoc bodies keep quotes', () => {
    expect(expandHeredoc('echo "$X" \'$X\'\n', { X: 'v' })).toBe('echo "v" \'v\'\n');
  });
});
