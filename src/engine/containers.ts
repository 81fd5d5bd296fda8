/**
 * Containers: records, lifecycle states and docker's conflict rules. A container's
 * writable layer lives in the store's `entries` table under its id; its generated
 * files (/etc/hosts, /etc/hostname, /etc/resolv.conf) under `mounts:<id>`, and its
 * volumes under `volume:<name>` — beside the writable layer, never in it.
 */
import type { Engine } from './engine';
import { EngineError } from './errors';
import { generateName, validateContainerName } from './format/names';
import { randomHexId } from './format/ids';
import { isoNow } from './image';
import type { MetaOp } from './store/types';
import type { ContainerConfig, ContainerRecord, ContainerState, MountRecord, VolumeRecord } from './types';

export interface CreateContainerOptions {
  image: string;
  name?: string;
  /** Overrides the image's Cmd (what follows the image on `docker run`). */
  cmd?: string[];
  entrypoint?: string[];
  env?: string[];
  workdir?: string;
  user?: string;
  hostname?: string;
  /** `-v` specs: "name:/path", "/path" (anonymous), with optional ":ro". */
  volumes?: string[];
  /** `-p` specs: "81:80", "8080:80/tcp", "127.0.0.1:80:80". */
  ports?: string[];
  autoRemove?: boolean;
  tty?: boolean;
  interactive?: boolean;
}

export const GENERATED_FILES = ['/etc/hostname', '/etc/hosts', '/etc/resolv.conf'] as const;

export async function allContainers(engine: Engine): Promise<ContainerRecord[]> {
  const list = await engine.store.meta.all('containers');
  return list.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
}

/** Find a container by full id, unique id prefix, or name (docker's lookup order). */
export async function resolveContainer(engine: Engine, ref: string): Promise<ContainerRecord> {
  const all = await engine.store.meta.all('containers');
  const name = ref.startsWith('/') ? ref.slice(1) : ref;
  const exact = all.find((c) => c.id === ref) ?? all.find((c) => c.name === name);
  if (exact) return exact;
  const byPrefix = /^[0-9a-f]+$/.test(ref) ? all.filter((c) => c.id.startsWith(ref)) : [];
  if (byPrefix.length === 1) return byPrefix[0];
  if (byPrefix.length > 1) throw new EngineError('NO_SUCH_CONTAINER', `multiple IDs found with provided prefix: ${ref}`, { ref });
  throw new EngineError('NO_SUCH_CONTAINER', `No such container: ${ref}`, { ref });
}

function parsePorts(specs: string[]): ContainerRecord['ports'] {
  return specs.map((spec) => {
    const [addrPart, proto = 'tcp'] = spec.split('/');
    const parts = addrPart.split(':');
    let hostIp = '0.0.0.0';
    let host: string;
    let cont: string;
    if (parts.length === 3) [hostIp, host, cont] = parts;
    else if (parts.length === 2) [host, cont] = parts;
    else [host, cont] = [parts[0], parts[0]];
    const hostPort = Number(host);
    const containerPort = Number(cont);
    if (!Number.isInteger(hostPort) || !Number.isInteger(containerPort) || hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535 || (proto !== 'tcp' && proto !== 'udp')) {
      throw new EngineError('INVALID_ARGUMENT', `invalid port specification: "${spec}"`, { spec });
    }
    return { containerPort, protocol: proto as 'tcp' | 'udp', hostPort, hostIp };
  });
}

function parseVolumeSpec(spec: string): { source?: string; destination: string; readOnly: boolean } {
  const parts = spec.split(':');
  let readOnly = false;
  if (parts.length > 1 && (parts[parts.length - 1] === 'ro' || parts[parts.length - 1] === 'rw')) readOnly = parts.pop() === 'ro';
  if (parts.length === 1) return { destination: parts[0], readOnly };
  if (parts.length === 2) return { source: parts[0], destination: parts[1], readOnly };
  throw new EngineError('INVALID_ARGUMENT', `invalid volume specification: '${spec}'`, { spec });
}

export async function createContainer(engine: Engine, opts: CreateContainerOptions): Promise<ContainerRecord> {
  const img = await engine.resolveImage(opts.image);
  const { config } = await engine.configOf(img);
  const base: ContainerConfig = structuredClone(config.config ?? {});
  const existing = await engine.store.meta.all('containers');
  const taken = new Set(existing.map((c) => c.name));

  let name = opts.name;
  if (name !== undefined) {
    validateContainerName(name);
    const clash = existing.find((c) => c.name === name);
    if (clash) {
      throw new EngineError('NAME_CONFLICT', `Conflict. The container name "/${name}" is already in use by container "${clash.id}". You have to remove (or rename) that container to be able to reuse that name.`, { name, container: clash.id });
    }
  } else {
    name = generateName(engine.env.randomBytes, (n) => taken.has(n));
  }

  const id = randomHexId(engine.env.randomBytes);
  const entrypoint = opts.entrypoint ?? base.Entrypoint ?? null;
  // docker: a new entrypoint resets the image's Cmd unless a command is given too.
  const cmd = opts.cmd && opts.cmd.length > 0 ? opts.cmd : opts.entrypoint ? [] : (base.Cmd ?? []);
  const env = mergeEnv(base.Env ?? [], opts.env ?? []);
  const cfg: ContainerConfig = {
    ...base,
    Env: env,
    Cmd: cmd,
    Entrypoint: entrypoint,
    WorkingDir: opts.workdir ?? base.WorkingDir ?? '',
    User: opts.user ?? base.User ?? '',
  };
  const argv = [...(entrypoint ?? []), ...cmd];
  if (argv.length === 0) throw new EngineError('INVALID_ARGUMENT', 'no command specified', { image: opts.image });

  const now = isoNow(engine.now());
  const mounts: MountRecord[] = GENERATED_FILES.map((f) => ({ destination: f, type: 'generated' as const, source: f.slice(5) }));
  const newVolumes: VolumeRecord[] = [];
  const volumeDests = new Set<string>();
  for (const spec of opts.volumes ?? []) {
    const v = parseVolumeSpec(spec);
    if (!v.destination.startsWith('/')) throw new EngineError('INVALID_ARGUMENT', `invalid mount config for type "volume": invalid mount path: '${v.destination}' mount path must be absolute`, { spec });
    let source = v.source;
    if (source && source.startsWith('/')) {
      throw new EngineError('INVALID_ARGUMENT', `bind mounts of host paths are not available in the playground: use a named volume instead (${spec})`, { spec });
    }
    if (!source) {
      source = randomHexId(engine.env.randomBytes);
      newVolumes.push({ name: source, driver: 'local', created: now, anonymous: true });
    } else if (!(await engine.store.meta.get('volumes', source)) && !newVolumes.some((n) => n.name === source)) {
      newVolumes.push({ name: source, driver: 'local', created: now, anonymous: false });
    }
    mounts.push({ destination: v.destination, type: 'volume', source, readOnly: v.readOnly });
    volumeDests.add(v.destination);
  }
  // The image's VOLUME paths get anonymous volumes unless -v already covers them.
  for (const dest of Object.keys(base.Volumes ?? {})) {
    if (volumeDests.has(dest)) continue;
    const vname = randomHexId(engine.env.randomBytes);
    newVolumes.push({ name: vname, driver: 'local', created: now, anonymous: true });
    mounts.push({ destination: dest, type: 'volume', source: vname });
  }

  const record: ContainerRecord = {
    id, name, image: img.id, imageRef: opts.image, created: now,
    path: argv[0], args: argv.slice(1), config: cfg,
    hostname: opts.hostname ?? id.slice(0, 12),
    state: 'created', exitCode: 0, mounts,
    ports: parsePorts(opts.ports ?? []),
    autoRemove: opts.autoRemove ?? false,
    extra: { tty: !!opts.tty, interactive: !!opts.interactive, ip: `172.17.0.${2 + (existing.length % 250)}` },
  };
  await engine.store.meta.write([
    ...newVolumes.map((v): MetaOp => ({ op: 'put', table: 'volumes', value: v })),
    { op: 'put', table: 'containers', value: record },
  ]);
  return record;
}

function mergeEnv(base: string[], extra: string[]): string[] {
  const out = new Map<string, string>();
  for (const kv of [...base, ...extra]) {
    const i = kv.indexOf('=');
    out.set(i < 0 ? kv : kv.slice(0, i), kv);
  }
  return [...out.values()];
}

async function save(engine: Engine, c: ContainerRecord): Promise<ContainerRecord> {
  await engine.store.meta.write([{ op: 'put', table: 'containers', value: c }]);
  return c;
}

/** Move a container between docker's states, with docker's errors for the impossible moves. */
export async function setState(engine: Engine, ref: string, action: 'start' | 'stop' | 'kill' | 'pause' | 'unpause' | 'restart' | 'die', exitCode = 0): Promise<ContainerRecord> {
  const c = await resolveContainer(engine, ref);
  const now = isoNow(engine.now());
  const s: ContainerState = c.state;
  switch (action) {
    case 'start':
      if (s === 'paused') throw new EngineError('CONTAINER_PAUSED', `cannot start a paused container, try unpause instead`, { id: c.id });
      if (s === 'running') return c;
      return save(engine, { ...c, state: 'running', startedAt: now, exitCode: 0 });
    case 'restart':
      return save(engine, { ...c, state: 'running', startedAt: now, finishedAt: s === 'running' ? now : c.finishedAt, exitCode: 0 });
    case 'stop':
    case 'kill':
      if (s !== 'running' && s !== 'paused') {
        if (action === 'kill') throw new EngineError('CONTAINER_NOT_RUNNING', `cannot kill container: ${c.id}: container ${c.id} is not running`, { id: c.id });
        return c;
      }
      return save(engine, { ...c, state: 'exited', finishedAt: now, exitCode: action === 'kill' ? 137 : exitCode || 0 });
    case 'die':
      return save(engine, { ...c, state: 'exited', finishedAt: now, exitCode });
    case 'pause':
      if (s === 'paused') throw new EngineError('CONTAINER_PAUSED', `cannot pause container ${c.id}: container ${c.id} is already paused`, { id: c.id });
      if (s !== 'running') throw new EngineError('CONTAINER_NOT_RUNNING', `container ${c.id} is not running`, { id: c.id });
      return save(engine, { ...c, state: 'paused' });
    case 'unpause':
      if (s !== 'paused') throw new EngineError('CONTAINER_NOT_RUNNING', `container ${c.id} is not paused`, { id: c.id });
      return save(engine, { ...c, state: 'running' });
  }
}

/** `docker rm`: running containers need -f; -v also removes its anonymous volumes. */
export async function removeContainer(engine: Engine, ref: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<ContainerRecord> {
  const c = await resolveContainer(engine, ref);
  if ((c.state === 'running' || c.state === 'paused') && !opts.force) {
    const what = c.state === 'paused' ? 'paused' : 'running';
    throw new EngineError('CONTAINER_RUNNING', `cannot remove container "/${c.name}": container is ${what}: stop the container before removing or force remove`, { id: c.id, state: c.state });
  }
  const ops: MetaOp[] = [
    { op: 'delete', table: 'containers', key: c.id },
    { op: 'deleteOwner', owner: c.id },
    { op: 'deleteOwner', owner: `mounts:${c.id}` },
  ];
  if (opts.volumes) {
    for (const m of c.mounts) {
      if (m.type !== 'volume') continue;
      const v = await engine.store.meta.get('volumes', m.source);
      if (v?.anonymous) ops.push({ op: 'delete', table: 'volumes', key: v.name }, { op: 'deleteOwner', owner: `volume:${v.name}` });
    }
  }
  await engine.store.meta.write(ops);
  engine.forgetContainer(c.id);
  return c;
}
