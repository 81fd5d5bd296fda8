/**
 * `docker commit -c/--change` and `docker import -c`: Dockerfile instructions that
 * only touch the image config. docker accepts exactly this set.
 */
import { EngineError } from './errors';
import type { ContainerConfig } from './types';

export const CHANGE_INSTRUCTIONS = ['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'LABEL', 'ONBUILD', 'USER', 'VOLUME', 'WORKDIR'] as const;

/** Split shell-ish words the way Dockerfile's parseWords does: quotes group, backslash escapes. */
export function splitWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
    }
  }
  if (quote) throw new EngineError('INVALID_CHANGE', `unmatched quote in: ${s}`, { change: s });
  if (has || cur) out.push(cur);
  return out;
}

function jsonOrShell(rest: string): string[] {
  const t = rest.trim();
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(t);
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    } catch {
      // not JSON: docker then treats the text as shell form
    }
  }
  return ['/bin/sh', '-c', t];
}

function keyValues(instr: string, rest: string): Array<[string, string]> {
  const words = splitWords(rest);
  if (words.length === 0) throw new EngineError('INVALID_CHANGE', `${instr} requires at least one argument`, { instr });
  if (!words[0].includes('=')) {
    // legacy form: ENV key value with spaces
    const m = /^\s*(\S+)\s+(.*)$/.exec(rest);
    if (!m) throw new EngineError('INVALID_CHANGE', `${instr} must have two arguments`, { instr });
    return [[m[1], splitWords(m[2]).join(' ')]];
  }
  return words.map((w) => {
    const i = w.indexOf('=');
    if (i <= 0) throw new EngineError('INVALID_CHANGE', `${instr} names can not be blank`, { instr });
    return [w.slice(0, i), w.slice(i + 1)];
  });
}

/** Apply one change line to a config (returns a new config). */
export function applyChange(cfg: ContainerConfig, line: string): ContainerConfig {
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(line);
  if (!m) throw new EngineError('INVALID_CHANGE', 'empty change', { change: line });
  const instr = m[1].toUpperCase();
  const rest = m[2];
  const c: ContainerConfig = structuredClone(cfg);
  switch (instr) {
    case 'CMD':
      c.Cmd = jsonOrShell(rest);
      break;
    case 'ENTRYPOINT':
      c.Entrypoint = jsonOrShell(rest);
      break;
    case 'ENV': {
      const env = new Map((c.Env ?? []).map((kv) => [kv.split('=')[0], kv] as const));
      for (const [k, v] of keyValues('ENV', rest)) env.set(k, `${k}=${v}`);
      c.Env = [...env.values()];
      break;
    }
    case 'LABEL':
      c.Labels = { ...(c.Labels ?? {}) };
      for (const [k, v] of keyValues('LABEL', rest)) c.Labels[k] = v;
      break;
    case 'EXPOSE':
      c.ExposedPorts = { ...(c.ExposedPorts ?? {}) };
      for (const p of splitWords(rest)) {
        if (!/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/.test(p)) throw new EngineError('INVALID_CHANGE', `invalid containerPort: ${p}`, { port: p });
        c.ExposedPorts[p.includes('/') ? p : `${p}/tcp`] = {};
      }
      break;
    case 'VOLUME': {
      const t = rest.trim();
      let vols: string[];
      try {
        vols = t.startsWith('[') ? JSON.parse(t) : splitWords(t);
      } catch {
        vols = splitWords(t);
      }
      c.Volumes = { ...(c.Volumes ?? {}) };
      for (const v of vols) c.Volumes[v] = {};
      break;
    }
    case 'USER':
      c.User = rest.trim();
      break;
    case 'WORKDIR': {
      const w = rest.trim();
      c.WorkingDir = w.startsWith('/') ? w : `${(c.WorkingDir || '/').replace(/\/$/, '')}/${w}`;
      break;
    }
    case 'ONBUILD':
      c.OnBuild = [...(c.OnBuild ?? []), rest.trim()];
      break;
    default:
      throw new EngineError('INVALID_CHANGE', `${m[1].toLowerCase()} is not a valid change command`, { instr });
  }
  return c;
}

export function applyChanges(cfg: ContainerConfig, lines: string[]): ContainerConfig {
  return lines.reduce(applyChange, cfg);
}
