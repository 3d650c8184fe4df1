/** `gpuwatch demo`: the whole local stack with a simulated fleet (being written; see issue 7). */
export function run(): Promise<number> {
  console.error('gpuwatch demo: not available yet in this build');
  return Promise.resolve(1);
}
