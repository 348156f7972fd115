"""Type stubs for polytrace Python handlers.

A handler module defines any of these functions; the host calls them on one thread, one event
at a time:

    def init(ctx: Ctx) -> None: ...                 # once, after the tracer is attached
    def on_event(event: Event, ctx: Ctx) -> None: ... # per ring-buffer / perf-buffer record
    def on_interval(ctx: Ctx) -> None: ...          # every sampling interval
    def on_exit(ctx: Ctx) -> None: ...              # once, before the tracer detaches

Handlers run sandboxed: no files, sockets, processes, threads or Java access; `ctx` is the
only way out. Host methods take no keyword arguments, so options are passed as a dict:
`m.get(key, {'sum': True})`.

Decoded values (from BTF): struct and union -> dict-like object (`ev.pid` and `ev['pid']`);
char[N] -> str; other arrays -> list; integers -> int; _Bool -> bool; enum -> enumerator name;
pointer -> "0x..." hex str; float/double -> float. Events and map values are views: use
`dict(ev)` or `list(xs)` for a plain copy (e.g. before json.dumps).
"""

from typing import Any, Callable, Iterator, List, Mapping, Optional, Sequence, TypedDict, Union

Decoded = Any
"""A value decoded from BTF (see the module docstring)."""

Address = Union[int, str]
"""An address for ksym/usym: an int or a hex string such as "0xffffffff81000000"."""

LabelValues = Union[Mapping[str, Union[str, int, float, bool]], Sequence[Union[str, int, float, bool]], str]
"""Label values: by name ({'comm': 'bash'}), in label order (['bash']), or the only label's value."""


class Event(Mapping[str, Decoded]):
    """A record from an event stream: decoded fields as `ev.pid` or `ev['pid']`, plus `raw`.
    Fields may be changed, added (`ev.extra = 1`, `ev['extra'] = 1`) and deleted; `ctx.emit(ev)`
    emits the event as it is then. A record shorter than its type lacks the fields past its end:
    they are missing keys (`KeyError`, `get()`'s default, not in `keys()`) and read `None` as
    attributes; an array it ends inside holds the part there."""

    raw: Sequence[int]
    """The record's bytes, 0..255 (a `bytes` object for records decoded through BTF)."""

    def __getattr__(self, field: str) -> Decoded: ...
    def __getitem__(self, field: str) -> Decoded: ...
    def __setitem__(self, field: str, value: Any) -> None: ...
    def __delitem__(self, field: str) -> None: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...


Init = Callable[["Ctx"], None]
OnEvent = Callable[[Event, "Ctx"], None]
"""def on_event(event: Event, ctx: Ctx) -> None"""
OnInterval = Callable[["Ctx"], None]
"""def on_interval(ctx: Ctx) -> None"""
OnExit = Callable[["Ctx"], None]
"""def on_exit(ctx: Ctx) -> None"""


class ReadOptions(TypedDict, total=False):
    sum: bool
    """Per-CPU maps: the total over CPUs (numbers add, structs and arrays add member by member)."""


class WriteOptions(TypedDict, total=False):
    perCpu: bool
    """Per-CPU maps: True when the value is a list of one value per possible CPU, False when it is
    one value for every CPU. Without it, a list as long as the CPU count is per CPU (unless the
    value type is itself an array)."""


class MapEntry(Mapping[str, Decoded]):
    key: Decoded
    value: Decoded


class MapView:
    """One BPF map, keys and values decoded and encoded through its BTF types (struct keys as
    dicts, char[] as str, ints; a map without BTF reads ints by size or byte lists). Per-CPU maps
    give a list with one value per possible CPU, or the total with {'sum': True}."""

    name: str
    """The map's name in the object."""
    type: str
    """The map type as bpftool names it: 'hash', 'array', 'percpu_hash', 'lru_hash', ..."""
    keyType: str
    """The key's C type, e.g. 'struct key', or its size without BTF."""
    valueType: str
    """The value's C type (one CPU's value for per-CPU maps)."""
    maxEntries: int
    perCpu: bool

    def get(self, key: Decoded, options: Optional[ReadOptions] = None) -> Optional[Decoded]:
        """The value for key, or None when absent."""
    def has(self, key: Decoded) -> bool: ...
    def set(self, key: Decoded, value: Decoded, options: Optional[WriteOptions] = None) -> None:
        """Writes the value; out-of-range numbers and unknown struct members raise, naming the field."""
    def delete(self, key: Decoded) -> bool:
        """Removes the key; False when it was absent. Array maps cannot delete: set a zero value."""
    def keys(self) -> List[Decoded]:
        """Every key (array maps: every index)."""
    def entries(self, options: Optional[ReadOptions] = None) -> List[MapEntry]:
        """Every entry as {key, value} (`e.key`, `e['value']`)."""
    def clear(self) -> int:
        """Removes every key (array maps: zeroes every value); returns how many."""
    def size(self) -> int:
        """Number of keys."""


class Maps(Mapping[str, MapView]):
    """The tracer's maps: `ctx.maps.counts` or `ctx.maps['counts']`; an unknown name raises, listing
    the maps. A data section also answers to its section name, e.g. `ctx.maps['.bss']`. Any
    map-like name counts as present (so that a typo raises, listing the maps): to test whether a
    map exists, use `name in list(ctx.maps)`."""

    def __getattr__(self, name: str) -> MapView: ...
    def __getitem__(self, name: str) -> MapView: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...


class Params(Mapping[str, Decoded]):
    """The tracer's parameters, `ctx.params.name` or `ctx.params['name']`. Read-only."""

    def __getattr__(self, name: str) -> Decoded: ...
    def __getitem__(self, name: str) -> Decoded: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...


class Counter:
    """Arguments are told apart by type, in any order: a number is the amount, anything else the
    label values."""

    name: str
    def inc(self, *args: Union[float, LabelValues]) -> None:
        """Adds the amount (default 1, never negative): c.inc(), c.inc(5), c.inc({'comm': c})."""


class Gauge:
    name: str
    def set(self, *args: Union[float, LabelValues]) -> None: ...
    def inc(self, *args: Union[float, LabelValues]) -> None: ...
    def dec(self, *args: Union[float, LabelValues]) -> None: ...
    def add(self, *args: Union[float, LabelValues]) -> None: ...


class Histogram:
    name: str
    def observe(self, *args: Union[float, LabelValues]) -> None:
        """h.observe(0.25) or h.observe(0.25, {'op': 'read'})."""


class Metrics:
    """Prometheus metrics. Registering is idempotent (same name, type and labels give the same
    metric), so it may happen in on_event; another type or label set for a name raises. Names
    match [a-zA-Z_:][a-zA-Z0-9_:]*; each metric allows a bounded number of label combinations."""

    def counter(self, name: str, help: Optional[str] = None, labelNames: Optional[Sequence[str]] = None) -> Counter: ...
    def gauge(self, name: str, help: Optional[str] = None, labelNames: Optional[Sequence[str]] = None) -> Gauge: ...
    def histogram(self, name: str, help: Optional[str] = None, labelNames: Optional[Sequence[str]] = None,
                  buckets: Optional[Sequence[float]] = None) -> Histogram:
        """buckets: increasing upper bounds; default 0.005 .. 10 (seconds)."""


HistSource = Union[MapView, Sequence[float], Mapping[str, Sequence[int]], Mapping[int, int]]
"""A map keyed by bucket index with counts (or struct values with a 'slots' list; per-CPU maps
are summed), a list of raw values, {'slots': [...]} or {'counts': [...]}, or {index: count}."""


class Hist:
    """BCC-style histograms, returned as text ('' when empty)."""

    def log2(self, source: HistSource, unit: Optional[str] = None) -> str:
        """Power-of-two buckets: 0 -> 1, 2 -> 3, 4 -> 7, ..."""
    def linear(self, source: HistSource, min: int, step: int, unit: Optional[str] = None) -> str:
        """Bucket i counts values from min + i * step; raw values below min are left out and counted."""


class Log:
    """Parts are joined with spaces; non-strings are printed as Python prints them."""

    def debug(self, *parts: Any) -> None: ...
    def info(self, *parts: Any) -> None: ...
    def warn(self, *parts: Any) -> None: ...
    def error(self, *parts: Any) -> None: ...


class Ctx:
    """The `ctx` argument of every handler function."""

    params: Params
    maps: Maps
    metrics: Metrics
    hist: Hist
    log: Log

    def emit(self, record: Mapping[str, Any]) -> None:
        """Sends a record to the run's output. JSON-like values only: functions, cycles, NaN/inf and
        nesting deeper than 32 raise, naming the field; so does a record larger than the package's
        maxEmitBytes (default 1 MiB as JSON), naming its size."""
    def ksym(self, address: Address) -> str:
        """'func+0x1a' for a kernel address; the address in hex when unknown (or without root)."""
    def usym(self, pid: int, address: Address) -> str:
        """'func+0x10 (libc.so.6)' for an address in process pid; the address in hex when unknown."""
    def now(self) -> int:
        """Wall-clock nanoseconds since the Unix epoch."""
    def ktime(self) -> int:
        """Monotonic nanoseconds, the clock of bpf_ktime_get_ns(): compare with event timestamps."""
