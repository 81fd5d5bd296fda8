/** Word expansion, arithmetic and shell patterns. */
export { Expander, type ExpandHost } from './word';
export { ExpandError } from './errors';
export { evalArith, type ArithVars } from './arith';
export { matchPattern, hasGlob, escapePattern, unescapePattern, stripPattern, replacePattern } from './pattern';
export { globPaths, type ReadDir } from './glob';
export { expandBraces, braceWord } from './brace';
