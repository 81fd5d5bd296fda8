/** Dockerfile parser (stage 1): text -> AST with line ranges; BuildKit-compatible. */
export type { EscapeToken, Heredoc, Node, NodeAttributes, ParseResult, ParseWarning, ParserDirectives } from './ast';
export { newNode, nodeArgs } from './ast';
export { parseDockerfile, parseHeredoc, heredocsFromLine, chompHeredocContent, type ParseOptions } from './parse';
export { dumpAst, dumpNode } from './dump';
export {
  DockerfileParseError, formatParseError, parseErrorLocation, type DockerfileErrorData,
} from './errors';
