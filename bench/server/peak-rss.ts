import fs from 'node:fs';

/** VmHWM (peak resident set) of a process, in MB, or null once it is gone. */
export function peakRssMb(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** A process and its descendants (from /proc/<pid>/task/<tid>/children). */
export function processTree(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const list = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (list) children.push(...list.split(/\s+/).map(Number));
    }
  } catch {
    // gone already
  }
  return [pid, ...children.flatMap(processTree)];
}
