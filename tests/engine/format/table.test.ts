import { describe, expect, it } from 'vitest';
import {
  charWidth, formatTable, goQuote, historyCreatedBy, psCommand, psCommandColumn, tabwrite, truncate,
} from '../../../src/engine/format/table';

describe('formatTable (tabwriter.NewWriter(out, 10, 1, 3, \' \', 0), docker/cli formatter.go)', () => {
  it('lays out `docker images` like docker does', () => {
    // The familiar one-image output: every column is widest cell + 3, but TAG is
    // held at the minwidth of 10, and SIZE (last) is not padded.
    expect(formatTable(
      ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'],
      [['nginx', 'latest', '605c77e624dd', '2 weeks ago', '141MB']],
    )).toBe(
      'REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n' +
      'nginx        latest    605c77e624dd   2 weeks ago   141MB\n',
    );
  });

  it('sizes every column from its widest cell, header included', () => {
    expect(formatTable(
      ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'],
      [
        ['nginx', 'latest', '605c77e624dd', '2 weeks ago', '141MB'],
        ['training/sinatra', 'v2', '3c59e02ddd1a', '3 months ago', '447MB'],
        ['<none>', '<none>', '77af4d6b9913', '10 years ago', '1.09GB'],
      ],
    )).toBe(
      'REPOSITORY         TAG       IMAGE ID       CREATED        SIZE\n' +
      'nginx              latest    605c77e624dd   2 weeks ago    141MB\n' +
      'training/sinatra   v2        3c59e02ddd1a   3 months ago   447MB\n' +
      '<none>             <none>    77af4d6b9913   10 years ago   1.09GB\n',
    );
  });

  it('keeps the padding before an empty last cell (docker history\'s COMMENT)', () => {
    const out = formatTable(
      ['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'],
      [
        ['605c77e624dd', '2 weeks ago', '/bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon…', '0B', ''],
        ['<missing>', '2 weeks ago', '/bin/sh -c #(nop) ADD file:09675d11695f65c55…', '80.4MB', 'buildkit'],
      ],
    );
    expect(out.split('\n')).toEqual([
      // CREATED BY is 45 wide (the ellipsised cells) + 3.
      'IMAGE          CREATED       CREATED BY' + ' '.repeat(38) + 'SIZE      COMMENT',
      '605c77e624dd   2 weeks ago   /bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon…   0B        ',
      '<missing>      2 weeks ago   /bin/sh -c #(nop) ADD file:09675d11695f65c55…   80.4MB    buildkit',
      '',
    ]);
  });

  it('counts code points, not bytes or display columns', () => {
    expect(formatTable(['A', 'B'], [['héllo…', 'x'], ['你好', 'y']])).toBe(
      'A         B\n' +
      'héllo…    x\n' +
      '你好        y\n',
    );
  });

  it('a single column has nothing to align', () => {
    expect(formatTable(['IMAGE ID'], [['605c77e624dd'], ['x']])).toBe('IMAGE ID\n605c77e624dd\nx\n');
  });

  it('prints just the header when there are no rows', () => {
    expect(formatTable(['CONTAINER ID', 'IMAGE', 'COMMAND'], [])).toBe('CONTAINER ID   IMAGE     COMMAND\n');
  });
});

describe('tabwrite (text/tabwriter semantics)', () => {
  it('columns are per contiguous block of lines (the text/tabwriter doc example)', () => {
    expect(tabwrite('aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n', { minwidth: 0, padding: 1 })).toBe(
      'aaaa bbb d\n' +
      'aa   b   dd\n' +
      'a    \n' +
      'aa   cccc eee\n',
    );
  });
  it('text after the last newline is written without one', () => {
    expect(tabwrite('a\tb\nccc\td', { minwidth: 0, padding: 1 })).toBe('a   b\nccc d');
  });
  it('applies minwidth as given (docker top uses 20)', () => {
    expect(tabwrite('UID\tPID\tCMD\nroot\t1\tnginx\n', { minwidth: 20, padding: 3 })).toBe(
      'UID                 PID                 CMD\n' +
      'root                1                   nginx\n',
    );
  });
});

// docker/cli formatter/displayutils_test.go TestEllipsis, plus the ASCII path.
describe('truncate (formatter.Ellipsis)', () => {
  it.each([
    ['t🐳ststring', 0, ''],
    ['t🐳ststring', 1, 't'],
    ['t🐳ststring', 2, 't…'],
    ['t🐳ststring', 6, 't🐳st…'],
    ['t🐳ststring', 20, 't🐳ststring'],
    ['你好世界teststring', 0, ''],
    ['你好世界teststring', 1, '你'],
    ['你好世界teststring', 3, '你…'],
    ['你好世界teststring', 6, '你好…'],
    ['你好世界teststring', 20, '你好世界teststring'],
    ['你好世界', 2, '你好世界'], // first char already too wide: upstream returns it whole
    ['nginx -g \'daemon off;\'', 20, 'nginx -g \'daemon of…'],
    ['12345678901234567890', 20, '12345678901234567890'],
    ['123456789012345678901', 20, '1234567890123456789…'],
    ['', 1, ''],
  ])('(%j, %i) -> %j', (s, n, want) => {
    expect(truncate(s, n)).toBe(want);
  });
  it('knows wide characters', () => {
    expect(charWidth('你'.codePointAt(0)!)).toBe(2);
    expect(charWidth('🐳'.codePointAt(0)!)).toBe(2);
    expect(charWidth('ｱ'.codePointAt(0)!)).toBe(1); // halfwidth katakana
    expect(charWidth('é'.codePointAt(0)!)).toBe(1);
  });
});

describe('ps COMMAND and history CREATED BY cells', () => {
  it('joins Path and Args, single-quoting args with spaces (daemon/container/view.go)', () => {
    expect(psCommand('/docker-entrypoint.sh', ['nginx', '-g', 'daemon off;'])).toBe(
      "/docker-entrypoint.sh nginx -g 'daemon off;'",
    );
    expect(psCommand('sh', [])).toBe('sh');
    expect(psCommand('echo', ['it"s', 'a b'])).toBe('echo it"s \'a b\'');
  });
  it('quotes after truncating to 20', () => {
    const cmd = psCommand('/docker-entrypoint.sh', ['nginx', '-g', 'daemon off;']);
    expect(psCommandColumn(cmd)).toBe('"/docker-entrypoint.…"');
    expect(psCommandColumn('nginx -g \'daemon off;\'')).toBe('"nginx -g \'daemon of…"');
    expect(psCommandColumn(cmd, false)).toBe('"/docker-entrypoint.sh nginx -g \'daemon off;\'"');
    expect(psCommandColumn('sh -c "echo hi"')).toBe('"sh -c \\"echo hi\\""');
  });
  it('CREATED BY loses tabs and is cut to 45', () => {
    expect(historyCreatedBy('/bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon off;"]')).toBe(
      '/bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon…',
    );
    expect(historyCreatedBy('RUN\tapk add curl')).toBe('RUN apk add curl');
    expect(historyCreatedBy('x'.repeat(60), false)).toBe('x'.repeat(60));
  });
});

describe('goQuote (strconv.Quote)', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['tab\there\nnl\r\x07\b\f\v', '"tab\\there\\nnl\\r\\a\\b\\f\\v"'],
    ['\x01\x7f', '"\\x01\\x7f"'],
    ['é…你🐳', '"é…你🐳"'],
    ['\u00a0\u200b', '"\\u00a0\\u200b"'],
    ['\u{e0001}', '"\\U000e0001"'],
  ])('%j -> %s', (s, want) => {
    expect(goQuote(s)).toBe(want);
  });
});
