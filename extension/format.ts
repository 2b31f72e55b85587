// Human-readable sizes and durations for progress messages.
export function formatBytes(bytes: number): string {
    const units = ["B", "KB", "MB", "GB", "TB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit += 1;
    }
    return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
    if (seconds < 60) return `${Math.ceil(seconds)} s`;
    if (seconds < 3600) return `${Math.ceil(seconds / 60)} min`;
    return `${Math.floor(seconds / 3600)} h ${Math.ceil((seconds % 3600) / 60)} min`;
}

/** "43 % · 25.3 MB/s · 6 min left"; speed and time left only once there is a speed to show. */
export function progressMessage(percent: number, bytesPerSecond: number, secondsLeft: number | null): string {
    if (bytesPerSecond <= 0) return `${percent} % · starting…`;
    const left = secondsLeft !== null && Number.isFinite(secondsLeft) ? ` · ${formatDuration(secondsLeft)} left` : "";
    return `${percent} % · ${formatBytes(bytesPerSecond)}/s${left}`;
}
