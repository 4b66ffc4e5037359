/** One thing the page's Content-Security-Policy refused while a backend was starting, and the fix. */
export interface PolicyBlock {
  /** The directive that refused it, e.g. `'worker-src'`. */
  directive: string;
  /** What was refused: a URL, `'blob'`, `'inline'`, or `'wasm-eval'` for compiling WebAssembly. */
  blocked: string;
  /** What to add to the policy, e.g. `"add 'wasm-unsafe-eval' to script-src"`. */
  fix: string;
}

/** The fields of a `securitypolicyviolation` event that matter here. */
export interface ViolationEvent {
  effectiveDirective?: string;
  violatedDirective?: string;
  blockedURI?: string;
}

/** The source expression that allows a blocked URL: `'self'` for the page's own origin. */
function sourceFor(blocked: string, pageOrigin: string | undefined): string {
  if (blocked === 'blob' || blocked.startsWith('blob:')) return 'blob:';
  if (blocked === 'data' || blocked.startsWith('data:')) return 'data:';
  try {
    const origin = new URL(blocked).origin;
    return origin === pageOrigin ? "'self'" : origin;
  } catch {
    return `'${blocked}'`;
  }
}

/**
 * Names the policy change that lets a refused load through. Pure, so it is tested without a browser.
 *
 * @example
 * describePolicyBlock({ effectiveDirective: 'script-src', blockedURI: 'wasm-eval' }, 'https://a.example');
 * // → { directive: 'script-src', blocked: 'wasm-eval', fix: "add 'wasm-unsafe-eval' to script-src" }
 */
export function describePolicyBlock(event: ViolationEvent, pageOrigin: string | undefined): PolicyBlock {
  // Chrome reports script-src-elem for scripts even when only script-src is set; one fix covers both.
  const raw = event.effectiveDirective || event.violatedDirective?.split(' ')[0] || 'default-src';
  const directive = raw === 'script-src-elem' ? 'script-src' : raw;
  const blocked = event.blockedURI ?? '';
  if (blocked === 'wasm-eval' || (blocked === 'eval' && directive.startsWith('script-src'))) {
    return { directive, blocked, fix: `add 'wasm-unsafe-eval' to ${directive} (WebAssembly compilation)` };
  }
  if (directive === 'require-trusted-types-for') {
    return {
      directive,
      blocked,
      fix:
        "remove require-trusted-types-for 'script' to run wasm threaded: tfjs-backend-wasm starts its threads from plain URLs, which Trusted Types refuse (single-threaded wasm needs nothing)",
    };
  }
  if (blocked === 'inline') {
    return { directive, blocked, fix: `move the inline code into a file (nophd injects none); 'unsafe-inline' is not needed` };
  }
  return { directive, blocked, fix: `add ${sourceFor(blocked, pageOrigin)} to ${directive}` };
}

/** One line for a candidate's reason, naming every refusal and its fix. */
export function explainPolicyBlocks(blocks: PolicyBlock[]): string {
  const parts = blocks.map((b) => `${b.directive} refused ${b.blocked || 'a load'}: ${b.fix}`);
  return `blocked by the page's Content-Security-Policy (${parts.join('; ')})`;
}

/**
 * Starts collecting the page's `securitypolicyviolation` events; the returned function stops and
 * returns what was refused, without duplicates (after a failure it first lets late events arrive).
 * Outside a page it collects nothing.
 */
export function watchPolicyBlocks(): (afterFailure: boolean) => Promise<PolicyBlock[]> {
  const target = typeof document !== 'undefined' ? (document as EventTarget) : undefined;
  const seen = new Map<string, PolicyBlock>();
  const origin = typeof location !== 'undefined' ? location.origin : undefined;
  const listener = (event: Event) => {
    const block = describePolicyBlock(event as unknown as ViolationEvent, origin);
    seen.set(`${block.directive} ${block.blocked}`, block);
  };
  target?.addEventListener('securitypolicyviolation', listener);
  return async (afterFailure) => {
    // Violation events are queued as tasks, so one may still be on its way when a start fails.
    if (target && afterFailure) await new Promise((resolve) => setTimeout(resolve, 50));
    target?.removeEventListener('securitypolicyviolation', listener);
    return [...seen.values()];
  };
}
