// Reads the TAP the companion writes: each test point, its message when it failed, and the
// plan, so a suite that stopped halfway is a failure too.
export interface TapResult {
    id: number;
    name: string;
    ok: boolean;
    message?: string;
}

export interface TapReport {
    planned: number | null;
    results: TapResult[];
}

export function parseTap(text: string): TapReport {
    let planned: number | null = null;
    const results: TapResult[] = [];
    for (const line of text.split("\n")) {
        const plan = /^1\.\.(\d+)/.exec(line);
        if (plan) planned = Number(plan[1]);
        const point = /^(not )?ok (\d+)(?: - (.*))?$/.exec(line);
        if (point) results.push({ id: Number(point[2]), name: (point[3] ?? "").replace(/\\#/g, "#"), ok: point[1] === undefined });
        const message = /^\s+message: (.*)$/.exec(line);
        const last = results.at(-1);
        if (message && last && !last.ok) last.message = JSON.parse(message[1]!) as string;
    }
    return { planned, results };
}
