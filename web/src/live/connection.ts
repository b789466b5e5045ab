// Tracks whether the server is reachable, from the point of view of the API client and each
// open event stream. The banner shows while any source is down.

type Listener = () => void;

const down = new Set<string>();
const listeners = new Set<Listener>();
let snapshot = false;

function emit() {
  const next = down.size > 0;
  if (next !== snapshot) {
    snapshot = next;
    listeners.forEach((l) => l());
  }
}

export const connection = {
  markDown(source: string) {
    down.add(source);
    emit();
  },
  markUp(source: string) {
    down.delete(source);
    emit();
  },
  /** A stream that is closed on purpose (unmounted, tab hidden) is no evidence either way. */
  forget(source: string) {
    down.delete(source);
    emit();
  },
  isDown() {
    return snapshot;
  },
  subscribe(listener: Listener) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
  /** For tests. */
  reset() {
    down.clear();
    emit();
  },
};
