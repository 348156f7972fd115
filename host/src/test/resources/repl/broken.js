export function init(ctx) {
  throw new Error("refuses to start");
}
