/**
 * Synchronous clean-ups (kill a process, remove a temp dir) run once, last registered first:
 * on normal completion, on an error, on Ctrl-C / SIGTERM. Synchronous so they also run from
 * the `exit` event.
 */
const tasks: { name: string; run: () => void }[] = [];
let installed = false;

export function onCleanup(name: string, run: () => void): () => void {
  install();
  const task = { name, run };
  tasks.push(task);
  return () => {
    const index = tasks.indexOf(task);
    if (index >= 0) tasks.splice(index, 1);
    run();
  };
}

export function runCleanups(): void {
  while (tasks.length > 0) {
    const task = tasks.pop()!;
    try {
      task.run();
    } catch (error) {
      console.error(`clean-up "${task.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runCleanups);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      runCleanups();
      process.exit(130);
    });
  }
}
