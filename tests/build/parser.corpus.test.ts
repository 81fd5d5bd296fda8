/**
 * BuildKit parser conformance: every case in the shared corpus
 * (../shared/dockerfile-parser-corpus, BuildKit's parser testfiles) must dump
 * exactly like BuildKit's Node.Dump(); every negative case must fail.
 * The corpus is read in place, never copied into the repo
 * (DOCKERFILE_PARSER_CORPUS=<dir> overrides where it is looked for).
 * Missing corpus: the suite fails when CI is set, and is skipped otherwise.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpAst } from '../../src/build/parser/dump';
import { DockerfileParseError } from '../../src/build/parser/errors';
import { parseDockerfile } from '../../src/build/parser/parse';

const candidates = process.env.DOCKERFILE_PARSER_CORPUS
  ? [path.resolve(process.env.DOCKERFILE_PARSER_CORPUS)]
  : [
    path.resolve(__dirname, '../../../shared/dockerfile-parser-corpus'),
    path.resolve(process.cwd(), '../shared/dockerfile-parser-corpus'),
  ];
const corpus = candidates.find((p) => existsSync(path.join(p, 'testfiles')));
const inCI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

/** Cases that cannot pass, with the reason. Keep empty. */
const knownFailures: Record<string, string> = {};

function cases(dir: string): string[] {
  return readdirSync(path.join(corpus!, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

describe('dockerfile parser corpus', () => {
  if (!corpus) {
    if (inCI) {
      it('corpus folder is present', () => {
        throw new Error(`Dockerfile parser corpus not found; looked in: ${candidates.join(', ')}`);
      });
    } else {
      it.skip(`corpus not found (looked in ${candidates.join(', ')})`, () => {});
    }
    return;
  }

  const positive = cases('testfiles');
  const negative = cases('testfiles-negative');

  it('has cases', () => {
    expect(positive.length).toBeGreaterThan(0);
    expect(negative.length).toBeGreaterThan(0);
  });

  describe('positive', () => {
    for (const name of positive) {
      const run = knownFailures[name] ? it.fails : it;
      run(name, () => {
        const text = readFileSync(path.join(corpus, 'testfiles', name, 'Dockerfile'), 'utf8');
        const expected = readFileSync(path.join(corpus, 'testfiles', name, 'result'), 'utf8').replace(/\r\n/g, '\n');
        expect(dumpAst(parseDockerfile(text))).toBe(expected);
      });
    }
  });

  describe('negative', () => {
    for (const name of negative) {
      const run = knownFailures[name] ? it.fails : it;
      run(name, () => {
        const text = readFileSync(path.join(corpus, 'testfiles-negative', name, 'Dockerfile'), 'utf8');
        let err: unknown;
        try {
          parseDockerfile(text);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(DockerfileParseError);
        const e = err as DockerfileParseError;
        expect(e.code).toBe('DOCKERFILE_PARSE');
        expect(e.data.startLine).toBeGreaterThanOrEqual(1);
      });
    }
  });
});
