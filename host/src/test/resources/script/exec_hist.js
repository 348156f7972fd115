// Aggregates: a latency-like value per exec (the filename length here) into a Prometheus
// histogram and a list, and prints the list as a BCC-style log2 histogram at exit.
const lengths = [];

export function onEvent(event, ctx) {
  lengths.push(event.filename.length);
  ctx.metrics.histogram('filename_length', 'length of exec filenames', [], [4, 8, 16, 32]).observe(event.filename.length);
}

export function onExit(ctx) {
  console.log(ctx.hist.log2(lengths, 'chars'));
  return {execs: lengths.length};
}
