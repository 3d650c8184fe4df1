/**
 * The agent ids `gpuwatch usage import` reports history under (docs/design.md §9): each begins
 * with `import:`. The collector lets the admin token open Telemetry streams for these ids, and for
 * no others, so an import needs no per-agent token and can never speak for a real node's agent.
 */

/** Prefix of every pseudo-agent id an import uses. */
export const importAgentPrefix = 'import:';

/** Whether `agentId` is an import's pseudo-agent. */
export function isImportAgentId(agentId: string): boolean {
  return agentId.startsWith(importAgentPrefix);
}
