/**
 * Container names: docker's "adjective_surname" generator and its name rule.
 * The word lists are our own; the drawing rules follow moby's namesgenerator and
 * daemon/names.go.
 */
import { EngineError } from '../errors';
import { shortId } from './ids';

export const ADJECTIVES: readonly string[] = [
  'agile', 'amazing', 'awesome', 'bold', 'boring', 'brave', 'bright', 'busy', 'calm', 'charming',
  'cheerful', 'clever', 'cool', 'cranky', 'curious', 'daring', 'dazzling', 'determined', 'eager', 'elastic',
  'elegant', 'epic', 'fervent', 'festive', 'focused', 'friendly', 'funny', 'gallant', 'gentle', 'gifted',
  'happy', 'hardcore', 'hopeful', 'humble', 'jolly', 'keen', 'kind', 'lively', 'loving', 'lucid',
  'magical', 'modest', 'musing', 'nifty', 'nimble', 'optimistic', 'patient', 'peaceful', 'pensive', 'playful',
  'quirky', 'relaxed', 'serene', 'sharp', 'silly', 'sleepy', 'smart', 'stoic', 'sweet', 'tender',
  'trusting', 'upbeat', 'vibrant', 'vigilant', 'witty', 'youthful', 'zealous', 'zen',
];

/** Scientists, mathematicians and hackers. */
export const SURNAMES: readonly string[] = [
  'agnesi', 'archimedes', 'babbage', 'backus', 'banach', 'bardeen', 'bartik', 'bhabha', 'bohr', 'boole',
  'bose', 'brahmagupta', 'brattain', 'carson', 'cerf', 'chandrasekhar', 'chebyshev', 'curie', 'darwin', 'descartes',
  'dijkstra', 'dirac', 'einstein', 'engelbart', 'euclid', 'euler', 'faraday', 'fermat', 'fermi', 'feynman',
  'franklin', 'galileo', 'gauss', 'germain', 'goldberg', 'goodall', 'hamilton', 'hawking', 'heisenberg', 'hertz',
  'hilbert', 'hodgkin', 'hopper', 'hypatia', 'jackson', 'johnson', 'kalam', 'kepler', 'khorana', 'knuth',
  'kowalevski', 'lamarr', 'lamport', 'leakey', 'leavitt', 'lovelace', 'lumiere', 'margulis', 'maxwell', 'mccarthy',
  'mcclintock', 'meitner', 'mendel', 'minsky', 'mirzakhani', 'morse', 'napier', 'newton', 'nightingale', 'nobel',
  'noether', 'pascal', 'pasteur', 'pauling', 'perlman', 'planck', 'poincare', 'ptolemy', 'raman', 'ramanujan',
  'ritchie', 'sagan', 'salk', 'shannon', 'shockley', 'sinoussi', 'stallman', 'stonebraker', 'swartz', 'tesla',
  'thompson', 'torvalds', 'turing', 'volta', 'wescoff', 'wiles', 'wilson', 'wozniak', 'wright', 'yalow',
  'yonath', 'zuse',
];

type RandomBytes = (n: number) => Uint8Array;

/** Uniform integer in [0, n) from injected randomness (rejection sampling, no modulo bias). */
function intn(randomBytes: RandomBytes, n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  for (;;) {
    const b = randomBytes(4);
    const v = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    if (v < limit) return v % n;
  }
}

/**
 * namesgenerator.GetRandomName: "adjective_surname", never "boring_wozniak"
 * (Steve Wozniak is not boring), with one random digit appended when retry > 0.
 */
export function randomName(randomBytes: RandomBytes, retry = 0): string {
  let name: string;
  do {
    name = `${ADJECTIVES[intn(randomBytes, ADJECTIVES.length)]}_${SURNAMES[intn(randomBytes, SURNAMES.length)]}`;
  } while (name === 'boring_wozniak');
  return retry > 0 ? name + intn(randomBytes, 10) : name;
}

/**
 * A free name for a new container, as the daemon picks one: six draws (the first
 * plain, the next five with a digit suffix), then the container's short ID. With
 * no ID to fall back on we keep drawing suffixed names a while longer.
 */
export function generateName(randomBytes: RandomBytes, taken: (name: string) => boolean, containerId?: string): string {
  for (let retry = 0; retry < 6; retry++) {
    const name = randomName(randomBytes, retry);
    if (!taken(name)) return name;
  }
  if (containerId !== undefined) return shortId(containerId);
  for (let i = 0; i < 1000; i++) {
    const name = randomName(randomBytes, 1);
    if (!taken(name)) return name;
  }
  throw new EngineError('INTERNAL', 'could not generate a free container name');
}

const NAME_CHARS = '[a-zA-Z0-9][a-zA-Z0-9_.-]';
const NAME_PATTERN = new RegExp(`^/?${NAME_CHARS}+$`);

/**
 * The daemon's container-name rule: at least two characters, the first
 * alphanumeric, an optional leading '/'. Throws docker's message (which echoes
 * the name as given); returns the name without the slash.
 */
export function validateContainerName(name: string): string {
  if (!NAME_PATTERN.test(name)) {
    throw new EngineError('INVALID_ARGUMENT', `Invalid container name (${name}), only ${NAME_CHARS} are allowed`, { name });
  }
  return name.startsWith('/') ? name.slice(1) : name;
}
