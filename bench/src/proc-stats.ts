/**
 * CPU time and memory of a process (and anything it spawned) from /proc, read from outside so the
 * gateway under test needs no instrumentation and pays nothing for being measured.
 *
 * CPU: utime + stime of /proc/<pid>/stat (clock ticks; the kernel's USER_HZ, 100 on Linux), plus
 * cutime + cstime for children it has reaped, plus any live descendants, read before and after the
 * measured window. Memory: VmRSS polled every 100 ms (the peak RSS of the window), and VmHWM (the
 * kernel's own high-water mark over the process's life).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // 1000 / USER_HZ; USER_HZ is 100 on every Linux ABI node runs on

function statFields(pid: number): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may contain spaces and parentheses: split after the last ')'.
    return raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** pid -> parent pid, for every process visible now. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (f) out.set(Number(name), Number(f[1])); // after comm: state, ppid, ...
  }
  return out;
}

export function descendants(root: number): number[] {
  const pp = parents();
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const p = queue.shift()!;
    for (const [child, parent] of pp) if (parent === p) { out.push(child); queue.push(child); }
  }
  return out;
}

/** CPU milliseconds used so far by the process tree rooted at pid. */
export function cpuMs(root: number): number {
  let ticks = 0;
  const f = statFields(root);
  if (!f) return NaN;
  // Fields after comm, 0-based: 11 utime, 12 stime, 13 cutime, 14 cstime.
  ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  for (const pid of descendants(root)) {
    const d = statFields(pid);
    if (d) ticks += Number(d[11]) + Number(d[12]);
  }
  return ticks * TICK_MS;
}

/**
 * CPU time the whole machine spent busy so far (all cores, /proc/stat), ms. Minus what the bench's
 * own processes used in a window, it is what something else on the machine took meanwhile: a
 * benchmark on a shared machine must say how shared it was.
 */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  // cpu  user nice system idle iowait irq softirq steal ...
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + (steal || 0)) * TICK_MS;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Resident memory of these processes now, MB. */
function rssMb(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + statusKb(pid, 'VmRSS'), 0) / 1024;
}

export function hwmMb(root: number): number {
  return statusKb(root, 'VmHWM') / 1024;
}

/**
 * Polls RSS of a pid tree; peak() gives the peak since the last reset(). The tree is listed at
 * reset (a /proc scan is too costly to repeat every 100 ms on the machine under load).
 */
export function watchRss(root: number, everyMs = 100) {
  let tree = [root];
  const now = () => rssMb(tree);
  let peak = 0;
  const timer = setInterval(() => { peak = Math.max(peak, now()); }, everyMs);
  timer.unref();
  return {
    reset() { tree = [root, ...descendants(root)]; peak = now(); },
    peak() { return Math.max(peak, now()); },
    stop() { clearInterval(timer); },
  };
}
