// Type declarations for polytrace JavaScript handlers.
//
// A handler module exports any of these functions; the host calls them on one thread, one
// event at a time:
//
//   export function init(ctx) { ... }             // once, after the tracer is attached
//   export function onEvent(event, ctx) { ... }   // per ring-buffer / perf-buffer record
//   export function onInterval(ctx) { ... }       // every sampling interval
//   export function onExit(ctx) { ... }           // once, before the tracer detaches
//
// In an editor, annotate them with JSDoc, e.g.
//   /** @type {import('./polytrace').OnEvent<{pid: number, comm: string}>} */
//   export const onEvent = (event, ctx) => { ... };
//
// Handlers run sandboxed: no files, sockets, processes, threads or Java access. `ctx` is the
// only way out.

/**
 * A value decoded from BTF: struct and union -> object by member name; char[N] -> string;
 * other arrays -> array; integers -> number (a 64-bit value above 2^63 -> a big number: use
 * BigInt(x) or String(x) to keep it exact; numbers above 2^53 lose precision in JS); _Bool ->
 * boolean; enum -> enumerator name; pointer -> "0x..." hex string; float/double -> number.
 */
export type Decoded = number | bigint | string | boolean | null | Decoded[] | { [field: string]: Decoded };

/** An address for ksym/usym: a number, a BigInt, or a hex string such as "0xffffffff81000000". */
export type Address = number | bigint | string;

/**
 * A record from an event stream: its decoded fields, plus `raw`, the record's bytes (0..255). A
 * record shorter than its type lacks the fields past its end (undefined, not in `Object.keys`);
 * an array it ends inside holds the part there.
 */
export type PolytraceEvent<T extends object = { [field: string]: Decoded }> = T & {
  readonly raw: ArrayLike<number> & Iterable<number>;
};

export type Init = (ctx: Ctx) => void;
export type OnEvent<T extends object = { [field: string]: Decoded }> = (event: PolytraceEvent<T>, ctx: Ctx) => void;
export type OnInterval = (ctx: Ctx) => void;
export type OnExit = (ctx: Ctx) => void;

/** The functions a handler module may export. */
export interface Handler<T extends object = { [field: string]: Decoded }> {
  init?: Init;
  onEvent?: OnEvent<T>;
  onInterval?: OnInterval;
  onExit?: OnExit;
}

/** The `ctx` argument of every handler function. */
export interface Ctx {
  /** The tracer's parameters (`--param name=value`), by name. Read-only: assigning throws. */
  readonly params: Readonly<{ [name: string]: Decoded }>;
  /** The tracer's maps: `ctx.maps.counts` or `ctx.maps['counts']`. An unknown name throws, listing the maps. */
  readonly maps: Maps;
  /** Prometheus metrics of this tracer. */
  readonly metrics: Metrics;
  /** BCC-style text histograms. */
  readonly hist: Hist;
  /** Messages to the host's log. */
  readonly log: Log;

  /**
   * Sends a record to the run's output (table, JSON Lines, daemon stream). JSON-like values
   * only: functions, cycles, NaN/Infinity and nesting deeper than 32 throw, naming the field; so
   * does a record larger than the package's maxEmitBytes (default 1 MiB as JSON), naming its size.
   */
  emit(record: { [field: string]: unknown }): void;
  /** "func+0x1a" for a kernel address; the address in hex when unknown (or without root). */
  ksym(address: Address): string;
  /** "func+0x10 (libc.so.6)" for an address in process `pid`; the address in hex when unknown. */
  usym(pid: number, address: Address): string;
  /** Wall-clock nanoseconds since the Unix epoch; as a JS number, exact to about 256 ns. */
  now(): number;
  /** Monotonic nanoseconds, the clock of bpf_ktime_get_ns(): compare with event timestamps. */
  ktime(): number;
}

/**
 * The tracer's maps by name. A data section also answers to its section name, e.g.
 * `ctx.maps['.bss']`. Any map-like name counts as present (so that a typo throws, listing the
 * maps): to test whether a map exists, use `Object.keys(ctx.maps).includes(name)`.
 */
export interface Maps {
  readonly [name: string]: MapView;
}

/** Options of `get` and `entries`. */
export interface ReadOptions {
  /** Per-CPU maps: the total over CPUs (numbers add, structs and arrays add member by member). */
  sum?: boolean;
}

/** Options of `set`. */
export interface WriteOptions {
  /**
   * Per-CPU maps: true when the value is a list of one value per possible CPU, false when it is
   * one value to write on every CPU. Without it, a list as long as the CPU count is per CPU
   * (unless the value type is itself an array).
   */
  perCpu?: boolean;
}

/**
 * One BPF map, keys and values decoded and encoded through its BTF types (struct keys as
 * objects, char[] as strings, numbers; a map without BTF reads integers by size or byte lists).
 * Per-CPU maps give a list with one value per possible CPU, or the total with `{sum: true}`.
 */
export interface MapView<K = Decoded, V = Decoded> {
  /** The map's name in the object. */
  readonly name: string;
  /** The map type as bpftool names it: "hash", "array", "percpu_hash", "lru_hash", ... */
  readonly type: string;
  /** The key's C type, e.g. "struct key", or its size without BTF. */
  readonly keyType: string;
  /** The value's C type (one CPU's value for per-CPU maps). */
  readonly valueType: string;
  readonly maxEntries: number;
  readonly perCpu: boolean;

  /** The value for `key`, or null when absent. Per-CPU maps: one value per CPU, or the total with {sum: true}. */
  get(key: K, options?: ReadOptions): V | V[] | null;
  has(key: K): boolean;
  /** Writes the value; out-of-range numbers and unknown struct members throw, naming the field. */
  set(key: K, value: V | V[], options?: WriteOptions): void;
  /** Removes the key; false when it was absent. Array maps cannot delete (throws): set a zero value. */
  delete(key: K): boolean;
  /** Every key (array maps: every index). */
  keys(): K[];
  /** Every entry as {key, value}. */
  entries(options?: ReadOptions): Array<MapEntry<K, V>>;
  /** Removes every key (array maps: zeroes every value); returns how many. */
  clear(): number;
  /** Number of keys. */
  size(): number;
}

export interface MapEntry<K = Decoded, V = Decoded> {
  readonly key: K;
  readonly value: V | V[];
}

/** Label values: by name ({comm: 'bash'}), in label order (['bash']), or the only label's value ('bash'). */
export type LabelValues = { [label: string]: string | number | boolean } | Array<string | number | boolean> | string;

/**
 * Prometheus metrics. Registering is idempotent (same name, type and labels give the same
 * metric), so it may happen in onEvent; another type or label set for a name throws. Names match
 * [a-zA-Z_:][a-zA-Z0-9_:]*; each metric allows a bounded number of label combinations.
 */
export interface Metrics {
  counter(name: string, help?: string, labelNames?: string[]): Counter;
  gauge(name: string, help?: string, labelNames?: string[]): Gauge;
  /** `buckets`: increasing upper bounds; default 0.005 .. 10 (seconds). */
  histogram(name: string, help?: string, labelNames?: string[], buckets?: number[]): Histogram;
}

/** Arguments are told apart by type, in any order: a number is the amount, anything else the label values. */
export interface Counter {
  readonly name: string;
  /** Adds `amount` (default 1, never negative). */
  inc(labels?: LabelValues | number, amount?: number | LabelValues): void;
}

export interface Gauge {
  readonly name: string;
  set(value: number, labels?: LabelValues): void;
  inc(labels?: LabelValues | number, amount?: number | LabelValues): void;
  dec(labels?: LabelValues | number, amount?: number | LabelValues): void;
  add(amount: number, labels?: LabelValues): void;
}

export interface Histogram {
  readonly name: string;
  observe(value: number, labels?: LabelValues): void;
}

/**
 * What a text histogram can be made of: a map keyed by bucket index with counts (or with struct
 * values holding a `slots` array; per-CPU maps are summed), an array of raw values, counts per
 * bucket as {slots: [...]} or {counts: [...]}, or {index: count}.
 */
export type HistSource = MapView | number[] | { slots: number[] } | { counts: number[] } | { [index: number]: number };

/** BCC-style histograms, returned as text ("" when empty). */
export interface Hist {
  /** Power-of-two buckets: 0 -> 1, 2 -> 3, 4 -> 7, ... */
  log2(source: HistSource, unit?: string): string;
  /** Bucket i counts values from min + i * step; raw values below min are left out and counted. */
  linear(source: HistSource, min: number, step: number, unit?: string): string;
}

/** Parts are joined with spaces; non-strings are printed as the language prints them. */
export interface Log {
  debug(...parts: unknown[]): void;
  info(...parts: unknown[]): void;
  warn(...parts: unknown[]): void;
  error(...parts: unknown[]): void;
}
