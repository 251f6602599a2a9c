/**
 * What the gateway tells the page when it serves it (gateway/src/workbench.ts writes it into the
 * HTML): whether development sign-in exists. Absent (the page opened from Vite's own server, say):
 * no development sign-in.
 */
export interface WorkbenchConfig {
  /** POST here for a development token; null in production (the identity provider's token is pasted). */
  devTokenPath: string | null;
}

export function readConfig(): WorkbenchConfig {
  const text = document.getElementById('workbench-config')?.textContent;
  try {
    const parsed = text ? (JSON.parse(text) as Partial<WorkbenchConfig>) : {};
    return { devTokenPath: typeof parsed.devTokenPath === 'string' ? parsed.devTokenPath : null };
  } catch {
    return { devTokenPath: null };
  }
}
