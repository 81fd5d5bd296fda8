/**
 * The shared vocabulary of the engine: file entries, layer changesets and the OCI
 * records kept in the store. Paths inside the engine are absolute and normalised
 * ("/", "/etc/hosts"); tar paths are relative ("etc/hosts").
 */

export type Digest = `sha256:${string}`;

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink';

/** Metadata common to every file-system entry. `mode` holds permission bits only (07777). */
export interface FileMeta {
  mode: number;
  uid: number;
  gid: number;
  /** Modification time in whole seconds since the epoch (what tar stores). */
  mtime: number;
}

/** One entry of a tree: a layer, a writable layer, or a volume. */
export interface TreeEntry extends FileMeta {
  type: EntryType;
  /** File content (type 'file'). Shared, never mutated in place: writers replace the array. */
  data?: Uint8Array;
  /** Symlink target (as written), or for 'hardlink' the absolute path it links to. */
  target?: string;
}

/** A layer as an OCI changeset: what it adds or replaces, what it deletes, which dirs it makes opaque. */
export interface LayerChanges {
  /** Absolute path -> entry added or replaced by this layer (dirs included). */
  entries: Map<string, TreeEntry>;
  /** Absolute paths deleted by this layer (`.wh.<name>`). */
  whiteouts: Set<string>;
  /** Absolute dir paths whose lower contents are hidden (`.wh..wh..opq`). */
  opaque: Set<string>;
}

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

/** The `config` section of an image config (docker's ContainerConfig subset that OCI shares). */
export interface ContainerConfig {
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, Record<string, never>>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  OnBuild?: string[] | null;
  Shell?: string[];
  Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };
  ArgsEscaped?: boolean;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The image config JSON (OCI image-spec config, with docker's extra fields tolerated). */
export interface ImageConfig {
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  variant?: string;
  config?: ContainerConfig;
  rootfs: { type: 'layers'; diff_ids: Digest[] };
  history?: HistoryEntry[];
  /** docker writes these; we keep them when present. */
  container?: string;
  docker_version?: string;
  comment?: string;
  [extra: string]: unknown;
}

/** A layer as stored: its blob digest (compressed) and diffID (uncompressed). */
export interface LayerRecord {
  /** sha256 of the uncompressed tar: the key. */
  diffID: Digest;
  /** sha256 of the gzip blob in the blob store. */
  digest: Digest;
  mediaType: string;
  /** Compressed blob size in bytes. */
  compressedSize: number;
  /** Uncompressed tar size in bytes. */
  tarSize: number;
  /** Sum of regular-file sizes: what docker reports as a layer's size. */
  size: number;
}

/** An image as stored. The ID is the config digest: sha256 of the raw config bytes. */
export interface ImageRecord {
  id: Digest;
  /** Layers bottom-up, matching config.rootfs.diff_ids. */
  layers: Digest[]; // diffIDs
  /** Image this one was made from by commit or build (classic docker's Parent). */
  parent?: Digest;
  /** Digest of the OCI manifest blob, when one was made or loaded. */
  manifestDigest?: Digest;
  /** Repo digests (e.g. "nginx@sha256:…") as pull shows them. */
  repoDigests?: string[];
  /** ISO time the image was created (from config). */
  created: string;
  /** Total size: sum of layer sizes. */
  size: number;
  /** Build-cache key info for intermediate images (instruction text etc.). */
  buildCache?: { instruction: string; contentChecksum?: string };
}

export type ContainerState = 'created' | 'running' | 'paused' | 'exited' | 'dead';

export interface MountRecord {
  /** Absolute path inside the container. */
  destination: string;
  type: 'volume' | 'bind' | 'generated';
  /** Volume name for type 'volume'; host path for 'bind'; file name for 'generated'. */
  source: string;
  readOnly?: boolean;
}

export interface ContainerRecord {
  id: string; // 64 hex
  name: string; // without leading slash
  image: Digest;
  /** The reference the user typed (what `docker ps` shows in IMAGE). */
  imageRef: string;
  created: string;
  /** Path + args: the container's command (entrypoint + cmd, as docker joins them). */
  path: string;
  args: string[];
  config: ContainerConfig;
  hostname: string;
  state: ContainerState;
  exitCode: number;
  startedAt?: string;
  finishedAt?: string;
  mounts: MountRecord[];
  ports: Array<{ containerPort: number; protocol: 'tcp' | 'udp'; hostPort: number; hostIp: string }>;
  autoRemove?: boolean;
  /** Extra info the shell keeps (tty, interactive, logs position...). */
  extra?: Record<string, unknown>;
}

export interface VolumeRecord {
  name: string;
  driver: 'local';
  created: string;
  anonymous: boolean;
  labels?: Record<string, string>;
}

/** Clock and randomness are injected so share links can replay deterministically. */
export interface EngineEnv {
  now(): Date;
  randomBytes(n: number): Uint8Array;
}

export const defaultEnv: EngineEnv = {
  now: () => new Date(),
  randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
};

/** docker refuses images deeper than this many layers. */
export const MAX_LAYERS = 127;
