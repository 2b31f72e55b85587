// The server's log. Lines go to the client as window/logMessage, which vscode-languageclient
// writes to the "gpt-oss" output channel; before the connection exists they go to stderr.
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface LogSink {
    log(message: string): void;
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
}

export class Logger {
    private sink: LogSink | undefined;

    attach(sink: LogSink): void {
        this.sink = sink;
    }

    debug(message: string): void { this.write("debug", message); }
    info(message: string): void { this.write("info", message); }
    warn(message: string): void { this.write("warn", message); }
    error(message: string): void { this.write("error", message); }

    private write(level: LogLevel, message: string): void {
        if (this.sink === undefined) {
            process.stderr.write(`${new Date().toISOString().slice(11, 23)} [${level}] ${message}\n`);
            return;
        }
        // The client's log channel stamps each line with the time itself.
        if (level === "debug") this.sink.log(message);
        else this.sink[level](message);
    }
}

export const log = new Logger();
