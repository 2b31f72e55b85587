// One model load per user action. Choose Model writes several settings, and every write fires
// VS Code's configuration listener; without coordination each write started a load of a
// half-written configuration, and the loads cancelled each other with errors the user saw.
// Here: settings the extension writes form one change that loading waits for, a settings change
// loads only when it names something new, and a load (or unload) replaces older ones silently.
// Free of `vscode`, so it is tested against the real server.
import { RequestCancelledError } from "../protocol/index.ts";

export interface ModelLoadHost {
    /** The settings that decide which model loads, as comparable text; throws when they are invalid. */
    settingsKey(): string;
    /**
     * Loads what the settings name now (resolving or downloading it first). Must check
     * `isCurrent()` right before asking the server, and give up (RequestCancelledError) when a
     * newer load or unload replaced this one meanwhile.
     */
    loadFromSettings(isCurrent: () => boolean): Promise<void>;
    /** Shows a failure to the user. */
    reportError(error: unknown): void;
}

export class ModelLoads {
    private writing: Promise<void> | null = null;
    /** The settings key of the newest load or write the extension made itself. */
    private handledKey: string | null = null;
    private generation = 0;
    private newest: Promise<boolean> = Promise.resolve(false);

    constructor(private readonly host: ModelLoadHost) {}

    /**
     * Writes several settings as one change: loads asked for meanwhile wait for the writes, and
     * the configuration events the writes fire do not start loads of their own.
     */
    async writeSettings(write: () => Promise<void>): Promise<void> {
        while (this.writing) await this.writing.catch(() => undefined);
        const writing = write();
        this.writing = writing;
        try {
            await writing;
        } finally {
            this.handledKey = this.keyOrNull();
            this.writing = null;
        }
    }

    /**
     * The configuration listener's entry: a model setting changed. Loads only when the settings
     * now name something the extension has not loaded or written itself (a hand edit of
     * settings.json, say); returns null when it did nothing.
     */
    settingsChanged(): Promise<boolean> | null {
        if (this.writing) return null;
        const key = this.keyOrNull();
        if (key !== null && key === this.handledKey) return null;
        return this.load();
    }

    /**
     * Loads the model the settings name. A newer load or an unload replaces this one: then it
     * shows nothing and resolves with the newest load's outcome. Failures are shown to the user,
     * or with `report: false` thrown to the caller, which shows them its own way (once).
     */
    load(options: { report?: boolean } = {}): Promise<boolean> {
        const id = ++this.generation;
        const run = this.runLoad(id, options.report ?? true);
        this.newest = run;
        return run;
    }

    /** An unload: loads still running are replaced and show nothing. */
    supersede(): void {
        this.generation += 1;
        this.handledKey = null;
        this.newest = Promise.resolve(false);
    }

    private async runLoad(id: number, report: boolean): Promise<boolean> {
        try {
            while (this.writing) await this.writing.catch(() => undefined);
            if (id !== this.generation) return await this.newest;
            this.handledKey = this.keyOrNull();
            await this.host.loadFromSettings(() => id === this.generation);
            if (id !== this.generation) return await this.newest;
            return true;
        } catch (error) {
            if (id !== this.generation) return await this.newest;
            if (error instanceof RequestCancelledError) return false;
            if (!report) throw error;
            this.host.reportError(error);
            return false;
        }
    }

    private keyOrNull(): string | null {
        try {
            return this.host.settingsKey();
        } catch {
            return null; // invalid settings: the load itself reports them
        }
    }
}
